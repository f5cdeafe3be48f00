package io.deepbootstrap.core;

import com.typesafe.config.Config;

/**
 * The application's defaults: every module's {@code reference.conf} with the loaded plugins'
 * {@code reference.conf} files merged under them, unresolved (the user's file resolves it).
 *
 * @param config the merged reference configuration
 */
public record ReferenceConfig(Config config) {
}
