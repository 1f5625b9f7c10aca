package io.petrel.protocol;

import io.petrel.auth.CertificateField;

/**
 * What a listener takes from a verified client certificate in place of what CONNECT says. A client
 * without such a certificate, or whose certificate lacks the field, is refused.
 *
 * @param username the field that becomes the user name
 * @param clientId the field that becomes the client id
 */
public record CertificateIdentity(CertificateField username, CertificateField clientId) {

    /** The listener trusts CONNECT's user name and client id. */
    public static final CertificateIdentity NONE = new CertificateIdentity(CertificateField.NONE, CertificateField.NONE);
}
