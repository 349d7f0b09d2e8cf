package dev.chorus.samples.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpCharset;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * A request body read as text in its declared charset (UTF-8 when it declares none), strictly:
 * bytes that are not valid in that charset are refused with 415, never replaced. Values are
 * text; a store that silently turned {@code ff fe} into {@code U+FFFD U+FFFD} would have lost
 * the value while acknowledging it.
 */
final class TextBody {
  private TextBody() {}

  /** A decoded body, or the answer that refuses it. */
  sealed interface Decoded permits Text, Refused {}

  /** The body's text. */
  record Text(String value) implements Decoded {}

  /** The answer to a body that is not valid text. */
  record Refused(HttpResponse response) implements Decoded {}

  /** The route that decodes the request's body and hands it to {@code inner}, or refuses it. */
  static Route text(Function<String, Route> inner) {
    return extractRequestEntity(requestEntity -> entity(Unmarshaller.entityToByteString(), bytes -> {
      Decoded d = decode(bytes.toArray(), charset(requestEntity));
      return d instanceof Text t ? inner.apply(t.value()) : complete(((Refused) d).response());
    }));
  }

  /** The charset {@code entity} declares, UTF-8 when it declares none. */
  static Charset charset(HttpEntity entity) {
    return entity.getContentType().getCharsetOption().map(HttpCharset::nioCharset).orElse(StandardCharsets.UTF_8);
  }

  /** {@code bytes} as text in {@code charset}, or a 415 naming the first byte that is not. */
  static Decoded decode(byte[] bytes, Charset charset) {
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate((int) Math.ceil(bytes.length * (double) decoder.maxCharsPerByte()) + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int at = in.position();
      return new Refused(NodeHttpServer.errorResponse(StatusCodes.UNSUPPORTED_MEDIA_TYPE, String.format(
          "the body is not valid %s: byte 0x%02x at offset %d; values are stored as text, so send them in UTF-8 "
              + "(or declare the charset they are in)", charset.name(), bytes[at] & 0xff, at)));
    }
    return new Text(out.flip().toString());
  }
}
