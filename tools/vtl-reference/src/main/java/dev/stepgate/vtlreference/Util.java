package dev.stepgate.vtlreference;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.commons.lang.StringEscapeUtils;

/** $util, as AWS documents it: escapeJavaScript is Commons Lang 2.6's, parseJson is Jackson's. */
public final class Util {
  public String escapeJavaScript(String text) {
    return text == null ? null : StringEscapeUtils.escapeJavaScript(text);
  }

  public Object parseJson(String text) throws Exception {
    return text == null ? null : VtlReference.JSON.readValue(text, Object.class);
  }

  public String urlEncode(String text) throws Exception {
    return URLEncoder.encode(text, "UTF-8");
  }

  public String urlDecode(String text) throws Exception {
    return URLDecoder.decode(text, "UTF-8");
  }

  public String base64Encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  public String base64Decode(String text) {
    return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
  }
}
