package dev.tidemark.inspection;

import java.util.List;

import dev.tidemark.inspection.model.TimescaleInfo;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Snapshots stored before the compressed sizes were read still load: the sizes are 0. */
class HypertableJsonTests {

	@Test
	void aHypertableStoredWithoutTheSizesLoadsWithZeroes() {
		JsonMapper mapper = JsonMapper.builder().build();
		TimescaleInfo.Hypertable h = new TimescaleInfo.Hypertable("public", "stg", List.of(), 3, null, null, true,
				List.of(), List.of(), 2, List.of(), List.of(), 4096L, 8192L);
		String json = mapper.writeValueAsString(h);
		assertThat(mapper.readValue(json, TimescaleInfo.Hypertable.class)).isEqualTo(h);
		String old = json.replace(",\"compressedBytes\":4096", "").replace(",\"uncompressedBytes\":8192", "")
			.replace("\"compressedBytes\":4096,", "").replace("\"uncompressedBytes\":8192,", "");
		assertThat(old).doesNotContain("compressedBytes", "uncompressedBytes");
		assertThat(mapper.readValue(old, TimescaleInfo.Hypertable.class)).isEqualTo(new TimescaleInfo.Hypertable(
				"public", "stg", List.of(), 3, null, null, true, List.of(), List.of(), 2, List.of(), List.of()));
	}
}
