package io.deepbootstrap.tracking;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.deepbootstrap.api.config.ConfigValues;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The {@code mlflow} listener's configuration block.
 *
 * @param trackingUri the server's base URI, e.g. {@code http://localhost:5000}
 * @param experimentName the MLflow experiment runs go to
 * @param artifacts whether to upload the experiment's result files to every run
 * @param requestTimeout timeout of one HTTP request
 * @param flushTimeout the longest wait at the end for queued requests
 * @param maxConsecutiveFailures connection failures or timeouts in a row after which sending stops
 * @param maxParamValueLength longest param value sent; longer ones are cut
 * @param queueCapacity queued requests at most
 */
public record MlflowSettings(URI trackingUri, String experimentName, boolean artifacts, Duration requestTimeout,
                             Duration flushTimeout, int maxConsecutiveFailures, int maxParamValueLength,
                             int queueCapacity) {

    /**
     * @param config the listener's block (defaults merged in)
     * @param defaultExperiment the experiment name to use when {@code experiment-name} is empty
     * @return the settings
     * @throws io.deepbootstrap.api.config.ConfigValueException naming the key if a value is out of range or the URI is not http(s)
     */
    public static MlflowSettings of(Config config, String defaultExperiment) {
        String uri = config.getString("tracking-uri").trim();
        URI parsed;
        try {
            parsed = URI.create(uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri);
        } catch (IllegalArgumentException e) {
            throw ConfigValues.bad(config, "tracking-uri", "not a URI: " + e.getMessage());
        }
        if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme()) || parsed.getHost() == null) {
            throw ConfigValues.bad(config, "tracking-uri",
                    "expected an http(s) URI of an MLflow server such as http://localhost:5000, got '" + uri + "'");
        }
        String name = config.getString("experiment-name").isBlank() ? defaultExperiment
                : config.getString("experiment-name");
        return new MlflowSettings(parsed, name, ConfigValues.bool(config, "artifacts"),
                positive(config, "request-timeout"), positive(config, "flush-timeout"),
                atLeastOne(config, "max-consecutive-failures"), atLeastOne(config, "max-param-value-length"),
                atLeastOne(config, "queue-capacity"));
    }

    private static Duration positive(Config config, String key) {
        long millis = config.getDuration(key, TimeUnit.MILLISECONDS);
        if (millis <= 0) {
            throw ConfigValues.bad(config, key, "must be positive, e.g. 10s");
        }
        return Duration.ofMillis(millis);
    }

    private static int atLeastOne(Config config, String key) {
        int value = ConfigValues.integer(config, key);
        if (value < 1) {
            throw ConfigValues.bad(config, key, "must be at least 1, got " + value);
        }
        return value;
    }
}
