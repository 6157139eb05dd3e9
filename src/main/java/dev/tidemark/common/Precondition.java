package dev.tidemark.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A request's {@code If-Match} and {@code If-None-Match}, evaluated as RFC 9110 section 13.2.2 says: If-Match
 * compares strongly (a weak tag never matches) and {@code *} means "exists"; If-None-Match compares weakly. Writers
 * evaluate it inside the transaction that writes, with the resource locked or the write conditional on the version
 * read, so two requests holding the same ETag cannot both win.
 */
public record Precondition(@Nullable String ifMatch, @Nullable String ifNoneMatch) {

	private static final Pattern ENTITY_TAG = Pattern.compile("\\s*(W/)?(\"[^\"]*\")\\s*(?:,|$)");

	public static Precondition none() {
		return new Precondition(null, null);
	}

	/** A strong ETag for a version of a resource: what identifies that version, hashed. */
	public static String strongETag(Object... identity) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (Object part : identity) {
				sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
				sha.update((byte) 0);
			}
			return "\"" + HexFormat.of().formatHex(sha.digest(), 0, 12) + "\"";
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}

	/**
	 * For a write (PUT, DELETE): throws when If-Match does not match {@code current} (the resource's ETags now,
	 * none when it does not exist) or If-None-Match does.
	 */
	public void checkWrite(String what, String... current) {
		if (ifMatch != null && !matches(ifMatch, true, current)) {
			throw new PreconditionFailedException(current.length == 0
					? "If-Match: " + what + " does not exist"
					: "If-Match: " + what + " has changed since that ETag; read it again, then retry");
		}
		if (ifNoneMatch != null && matches(ifNoneMatch, false, current)) {
			throw new PreconditionFailedException(
					"If-None-Match: " + what + (ifNoneMatch.trim().equals("*") ? " already exists" : " still has that ETag"));
		}
	}

	/** For a read (GET): true when the client's copy is current (304); throws when If-Match does not hold. */
	public boolean notModified(String what, String current) {
		if (ifMatch != null && !matches(ifMatch, true, current)) {
			throw new PreconditionFailedException("If-Match: " + what + " has changed since that ETag");
		}
		return ifNoneMatch != null && matches(ifNoneMatch, false, current);
	}

	private static boolean matches(String header, boolean strong, String... current) {
		if (header.trim().equals("*")) {
			return current.length > 0;
		}
		for (Tag tag : parse(header)) {
			if (strong && tag.weak()) {
				continue;
			}
			for (String c : current) {
				if (tag.opaque().equals(c.startsWith("W/") ? c.substring(2) : c)) {
					return true;
				}
			}
		}
		return false;
	}

	private record Tag(boolean weak, String opaque) {
	}

	/** The entity tags of a list; anything malformed matches nothing. */
	private static List<Tag> parse(String header) {
		List<Tag> tags = new ArrayList<>();
		Matcher m = ENTITY_TAG.matcher(header);
		int at = 0;
		while (at < header.length() && m.find(at) && m.start() == at) {
			tags.add(new Tag(m.group(1) != null, m.group(2)));
			at = m.end();
		}
		return tags;
	}
}
