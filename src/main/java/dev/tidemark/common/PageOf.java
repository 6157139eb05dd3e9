package dev.tidemark.common;

import java.util.List;
import java.util.function.Function;

/** One page of a list: {@code page} is zero-based. */
public record PageOf<T>(List<T> items, int page, int size, long totalItems, int totalPages) {

	public static <T> PageOf<T> of(List<T> items, PageRequest request, long totalItems) {
		int pages = (int) ((totalItems + request.size() - 1) / request.size());
		return new PageOf<>(List.copyOf(items), request.page(), request.size(), totalItems, pages);
	}

	public <R> PageOf<R> map(Function<? super T, ? extends R> mapper) {
		return new PageOf<>(items.stream().<R>map(mapper).toList(), page, size, totalItems, totalPages);
	}
}
