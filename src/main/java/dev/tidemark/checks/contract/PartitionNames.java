package dev.tidemark.checks.contract;

import java.time.LocalDate;
import java.time.temporal.IsoFields;

/**
 * Renders a partitioning {@code namePattern} for the partition whose lower bound is {@code from}:
 * {@code {yyyy}} the year, {@code {MM}} the month, {@code {dd}} the day, {@code {ww}} the ISO week, all zero-padded.
 * With {@code {ww}} in the pattern, {@code {yyyy}} is the ISO week-based year, so the week of 2024-12-30 is
 * {@code 2025} week {@code 01} and never collides with the first week of 2024.
 */
public final class PartitionNames {

	private PartitionNames() {
	}

	public static String render(String pattern, LocalDate from) {
		boolean weeks = pattern.contains("{ww}");
		int year = weeks ? from.get(IsoFields.WEEK_BASED_YEAR) : from.getYear();
		return pattern.replace("{yyyy}", String.format("%04d", year))
			.replace("{MM}", String.format("%02d", from.getMonthValue()))
			.replace("{dd}", String.format("%02d", from.getDayOfMonth()))
			.replace("{ww}", String.format("%02d", from.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
	}
}
