package dev.tidemark.checks.change;

import java.util.ArrayList;
import java.util.List;

/** The records of a sealed change family, through its sealed sub-interfaces. */
public final class ChangeRecords {

	private ChangeRecords() {
	}

	public static List<Class<?>> of(Class<?> family) {
		List<Class<?>> records = new ArrayList<>();
		for (Class<?> permitted : family.getPermittedSubclasses()) {
			if (permitted.isRecord()) {
				records.add(permitted);
			}
			else {
				records.addAll(of(permitted));
			}
		}
		return records;
	}
}
