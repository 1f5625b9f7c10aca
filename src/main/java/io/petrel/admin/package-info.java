/**
 * The admin REST API under {@code /api/v1} on the management port: clients and their subscriptions,
 * retained messages, and publishing. Handlers run on the HTTP server's threads and never wait: work on a
 * session goes to the session's owner and the answer comes back as a {@code Mono}.
 */
@NullMarked
package io.petrel.admin;

import org.jspecify.annotations.NullMarked;
