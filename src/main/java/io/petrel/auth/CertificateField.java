package io.petrel.auth;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * A part of a verified client certificate that can stand for the client's user name or client id, as
 * mosquitto's {@code use_identity_as_username} and EMQX's {@code peer_cert_as_username} do.
 */
public enum CertificateField {

    /** Nothing is taken from the certificate. */
    NONE,
    /** The subject's common name (the most specific one when there are several). */
    CN,
    /** The whole subject distinguished name, in RFC 2253 form. */
    DN,
    /** The first DNS name, e-mail address or URI among the subject alternative names. */
    SAN;

    /** SAN entry types, as {@link X509Certificate#getSubjectAlternativeNames()} numbers them. */
    private static final List<Integer> NAME_TYPES = List.of(1, 2, 6); // rfc822Name, dNSName, uniformResourceIdentifier

    /** This field of the certificate, when it has one. */
    public Optional<String> of(X509Certificate certificate) {
        return switch (this) {
            case NONE -> Optional.empty();
            case CN -> commonName(certificate.getSubjectX500Principal());
            case DN -> Optional.of(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253))
                    .filter(name -> !name.isEmpty());
            case SAN -> firstAlternativeName(certificate);
        };
    }

    private static Optional<String> commonName(X500Principal subject) {
        try {
            // RFC 2253 prints the most specific RDN first; LdapName lists them the other way round, so the
            // last CN in its list is the most specific one.
            List<Rdn> rdns = new LdapName(subject.getName(X500Principal.RFC2253)).getRdns();
            Optional<String> mostSpecific = Optional.empty();
            for (Rdn rdn : rdns) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    mostSpecific = Optional.of(rdn.getValue().toString());
                }
            }
            return mostSpecific;
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> firstAlternativeName(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return Optional.empty();
            }
            return names.stream()
                    .filter(entry -> NAME_TYPES.contains((Integer) entry.get(0)) && entry.get(1) instanceof String)
                    .map(entry -> (String) entry.get(1))
                    .findFirst();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
    }
}
