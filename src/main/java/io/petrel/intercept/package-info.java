/** The {@code PublishInterceptor} extension point and the ordered chain the broker runs it through. */
@NullMarked
package io.petrel.intercept;

import org.jspecify.annotations.NullMarked;
