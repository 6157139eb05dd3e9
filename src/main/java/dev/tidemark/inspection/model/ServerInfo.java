package dev.tidemark.inspection.model;

import java.util.SortedMap;

/** Server version and the settings that change how schema objects behave. */
public record ServerInfo(String version, int versionNum, String database, SortedMap<String, String> settings) {
}
