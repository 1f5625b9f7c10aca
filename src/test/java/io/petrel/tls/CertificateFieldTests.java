package io.petrel.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.pkitesting.CertificateBuilder;
import io.petrel.auth.CertificateField;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** What each {@link CertificateField} takes from a client certificate made for the test. */
class CertificateFieldTests {

    @Test
    void commonNameIsTheSubjectsCn() throws Exception {
        X509Certificate certificate = certificate(new CertificateBuilder().subject("CN=device-1,OU=Fleet,O=Acme"));

        assertThat(CertificateField.CN.of(certificate)).contains("device-1");
    }

    @Test
    void commonNameOfASubjectWithSeveralIsTheMostSpecificOne() throws Exception {
        // Written most specific first: "CN=device-1" is the last RDN in the certificate's encoding.
        X509Certificate certificate = certificate(new CertificateBuilder().subject("CN=device-1,OU=Fleet,CN=Acme Devices"));

        assertThat(CertificateField.CN.of(certificate)).contains("device-1");
    }

    @Test
    void subjectWithoutCommonNameHasNone() throws Exception {
        X509Certificate certificate = certificate(new CertificateBuilder().subject("OU=Fleet,O=Acme"));

        assertThat(CertificateField.CN.of(certificate)).isEmpty();
    }

    @Test
    void distinguishedNameIsTheWholeSubjectInRfc2253Form() throws Exception {
        X509Certificate certificate = certificate(new CertificateBuilder().subject("CN=device-1, OU=Fleet, O=Acme\\, Inc."));

        assertThat(CertificateField.DN.of(certificate)).contains("CN=device-1,OU=Fleet,O=Acme\\, Inc.");
    }

    @Test
    void alternativeNameIsTheFirstDnsName() throws Exception {
        X509Certificate certificate = certificate(new CertificateBuilder().subject("CN=device-1")
                .addSanIpAddress("192.0.2.7").addSanDnsName("device-1.example.com").addSanRfc822Name("ops@example.com"));

        assertThat(CertificateField.SAN.of(certificate)).as("IP addresses are skipped").contains("device-1.example.com");
    }

    @Test
    void alternativeNameMayBeAnEmailAddressOrUri() throws Exception {
        X509Certificate email = certificate(new CertificateBuilder().subject("CN=device-1")
                .addSanRfc822Name("device-1@example.com").addSanDnsName("device-1.example.com"));
        X509Certificate uri = certificate(new CertificateBuilder().subject("CN=device-1")
                .addSanUriName("spiffe://example.com/device-1"));

        assertThat(CertificateField.SAN.of(email)).contains("device-1@example.com");
        assertThat(CertificateField.SAN.of(uri)).contains("spiffe://example.com/device-1");
    }

    @Test
    void certificateWithoutNamedAlternativeNamesHasNone() throws Exception {
        X509Certificate onlyAddress = certificate(new CertificateBuilder().subject("CN=device-1").addSanIpAddress("192.0.2.7"));
        X509Certificate withoutAny = certificate(new CertificateBuilder().subject("CN=device-1"));

        assertThat(CertificateField.SAN.of(onlyAddress)).isEmpty();
        assertThat(CertificateField.SAN.of(withoutAny)).isEmpty();
    }

    @Test
    void noneTakesNothing() throws Exception {
        X509Certificate certificate = certificate(new CertificateBuilder().subject("CN=device-1")
                .addSanDnsName("device-1.example.com"));

        assertThat(CertificateField.NONE.of(certificate)).isEmpty();
    }

    private static X509Certificate certificate(CertificateBuilder builder) throws Exception {
        return builder.ecp256().buildIssuedBy(TestPki.CLIENT_CA).getCertificate();
    }
}
