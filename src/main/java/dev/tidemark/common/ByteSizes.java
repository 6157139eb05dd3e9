package dev.tidemark.common;

import java.util.Locale;

/** Sizes as a person reads them. */
public final class ByteSizes {

	private static final String[] UNITS = { "bytes", "kB", "MB", "GB", "TB" };

	private ByteSizes() {
	}

	/** {@code 512 bytes}, {@code 160 kB}, {@code 2.4 GB}: powers of 1024 with pg_size_pretty's unit names. */
	public static String pretty(long bytes) {
		double value = bytes;
		int unit = 0;
		while (value >= 1024 && unit < UNITS.length - 1) {
			value /= 1024;
			unit++;
		}
		if (unit == 0) {
			return bytes + " bytes";
		}
		return (value >= 10 ? String.valueOf(Math.round(value)) : String.format(Locale.ROOT, "%.1f", value)) + " "
				+ UNITS[unit];
	}
}
