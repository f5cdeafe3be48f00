package io.deepbootstrap.data.array;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.deepbootstrap.api.config.ConfigValues;
import java.util.Locale;

/**
 * How stored values become the floats networks see (the {@code scale} key of array sources).
 * <ul>
 *   <li>{@code auto}: uint8 pixels → {@code x / 127.5 - 1} (so [0, 255] → [-1, 1]); every other dtype
 *       as stored (floats are assumed already scaled)</li>
 *   <li>{@code none}: every dtype as stored</li>
 *   <li>{@code byte}: {@code x / 127.5 - 1} for every dtype (floats holding 0..255 pixel values)</li>
 * </ul>
 */
public enum Scale {
    AUTO, NONE, BYTE;

    /**
     * @param config a component config
     * @param key the key holding the policy
     * @return the policy
     * @throws io.deepbootstrap.api.config.ConfigValueException naming the key if the value is not one of auto, none, byte
     */
    public static Scale fromConfig(Config config, String key) {
        String v = config.getString(key);
        try {
            return valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ConfigValues.bad(config, key, "expected auto, none or byte, got '" + v + "'");
        }
    }

    /**
     * @param dtype the stored type
     * @return true if values of this type are mapped by {@code x / 127.5 - 1}
     */
    public boolean rescales(DType dtype) {
        return this == BYTE || (this == AUTO && dtype.equals(DType.UINT8));
    }
}
