package dev.stepgate.vtlreference;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.app.event.EventCartridge;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;

/**
 * stepgate's reference renderer for API Gateway (REST API) mapping templates: Apache Velocity 1.7
 * with $input, $util, $context and $stageVariables as AWS's mapping-template reference describes.
 *
 * <pre>
 *   vtl-reference TEMPLATE_FILE REQUEST_JSON_FILE   one render: {"body", "status", "headers"}
 *   vtl-reference --batch                           {"template","request"} lines in, results out
 * </pre>
 *
 * The request file and the output are `stepgate render`'s (CONTRACT.md). A batch job that throws
 * answers {"error": "<the exception>"}.
 */
public final class VtlReference {
  static final ObjectMapper JSON = new ObjectMapper();

  private VtlReference() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--batch")) {
      batch();
    } else if (args.length == 2) {
      single(Path.of(args[0]), Path.of(args[1]));
    } else {
      System.err.println("usage: vtl-reference TEMPLATE_FILE REQUEST_JSON_FILE | --batch");
      System.exit(2);
    }
  }

  private static void single(Path templateFile, Path requestFile) throws Exception {
    String template = Files.readString(templateFile, StandardCharsets.UTF_8);
    Map<String, Object> request = Maps.objectOf(JSON.readValue(Files.readAllBytes(requestFile), Object.class));
    Map<String, Object> result;
    try {
      result = Renderer.render(Renderer.newEngine(), template, request);
    } catch (Exception e) {
      System.err.println("vtl-reference: " + String.valueOf(e).split("\n")[0]);
      System.exit(2);
      return;
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println(JSON.writeValueAsString(result));
  }

  private static void batch() throws Exception {
    VelocityEngine engine = Renderer.newEngine();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isBlank()) continue;
      String template = "";
      Object answer;
      try {
        Map<String, Object> job = Maps.objectOf(JSON.readValue(line, Object.class));
        template = String.valueOf(job.get("template"));
        answer = Renderer.render(engine, template, Maps.objectOf(job.get("request")));
      } catch (Exception e) {
        answer = Collections.singletonMap("error", String.valueOf(e));
      }
      out.println(JSON.writeValueAsString(answer));
      // Velocity keeps inline macros per engine: after a job that defines one, start a fresh
      // engine so no later job sees it (on AWS every template is on its own).
      if (template.contains("#macro") || template.contains("#{macro")) engine = Renderer.newEngine();
    }
  }

  /** One render: the Velocity context API Gateway builds for a request, and the result. */
  static final class Renderer {
    private Renderer() {}

    static VelocityEngine newEngine() {
      VelocityEngine engine = new VelocityEngine();
      engine.setProperty("runtime.log.logsystem.class", "org.apache.velocity.runtime.log.NullLogChute");
      engine.init();
      return engine;
    }

    static Map<String, Object> render(VelocityEngine engine, String template, Map<String, Object> request)
        throws Exception {
      String method = request.containsKey("method") ? String.valueOf(request.get("method")) : "POST";
      String resourcePath =
          request.containsKey("resourcePath") ? String.valueOf(request.get("resourcePath")) : "/";

      Map<String, Map<String, String>> params = new LinkedHashMap<>();
      params.put("path", Maps.stringsOf(request.get("pathParameters")));
      params.put("querystring", Maps.stringsOf(request.get("queryStringParameters")));
      params.put("header", Maps.stringsOf(request.get("headers")));

      Map<String, Object> context = Contexts.defaults(method, resourcePath, params.get("header"));
      Maps.deepMerge(context, Maps.objectOf(request.get("context")));
      context.putIfAbsent("path", "/" + context.get("stage") + resourcePath);
      Map<String, Object> responseOverride = new LinkedHashMap<>();
      responseOverride.put("header", new LinkedHashMap<String, Object>());
      context.put("responseOverride", responseOverride);
      Map<String, Object> requestOverride = new LinkedHashMap<>();
      requestOverride.put("header", new LinkedHashMap<String, Object>());
      requestOverride.put("path", new LinkedHashMap<String, Object>());
      requestOverride.put("querystring", new LinkedHashMap<String, Object>());
      context.put("requestOverride", requestOverride);

      Object body = request.get("body");
      VelocityContext velocity = new VelocityContext();
      velocity.put("input", new Input(body == null ? "" : String.valueOf(body), params));
      velocity.put("util", new Util());
      velocity.put("context", context);
      velocity.put("stageVariables", Maps.objectOf(request.get("stageVariables")));
      EventCartridge events = new EventCartridge();
      // API Gateway prints nothing for a null or missing reference; Velocity would print its name.
      events.addEventHandler(
          (ReferenceInsertionEventHandler) (reference, value) -> value == null ? "" : value);
      events.attachToContext(velocity);

      StringWriter rendered = new StringWriter();
      engine.evaluate(velocity, rendered, "template", template);

      Map<String, Object> result = new LinkedHashMap<>();
      result.put("body", rendered.toString());
      Object status = responseOverride.get("status");
      result.put("status", status == null ? null : Integer.valueOf(String.valueOf(status)));
      result.put("headers", responseOverride.get("header"));
      return result;
    }
  }

  /** $context's values when the request file names none (the same as vtl-oracle's). */
  static final class Contexts {
    private Contexts() {}

    static Map<String, Object> defaults(String method, String resourcePath, Map<String, String> headers) {
      String apiKey = null;
      for (Map.Entry<String, String> header : headers.entrySet()) {
        if (header.getKey().equalsIgnoreCase("x-api-key")) apiKey = header.getValue();
      }
      Map<String, Object> identity = new LinkedHashMap<>();
      identity.put("apiKey", apiKey);
      identity.put("apiKeyId", apiKey == null ? null : "abcdef1234");
      identity.put("sourceIp", "127.0.0.1");
      identity.put("userAgent", headers.getOrDefault("User-Agent", "curl/8.0"));
      identity.put("accountId", null);
      identity.put("caller", null);
      identity.put("user", null);
      identity.put("userArn", null);

      Map<String, Object> context = new LinkedHashMap<>();
      context.put("accountId", "123456789012");
      context.put("apiId", "a1b2c3d4e5");
      context.put("deploymentId", "dep123");
      context.put("domainName", "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com");
      context.put("domainPrefix", "a1b2c3d4e5");
      context.put("httpMethod", method);
      context.put("protocol", "HTTP/1.1");
      context.put("requestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
      context.put("extendedRequestId", "abc=");
      context.put("requestTime", "09/Apr/2015:12:34:56 +0000");
      context.put("requestTimeEpoch", 1428582896000L);
      context.put("resourceId", "res123");
      context.put("resourcePath", resourcePath);
      context.put("stage", "prod");
      context.put("identity", identity);
      context.put("authorizer", new LinkedHashMap<String, Object>());
      return context;
    }
  }

  /** JSON objects as ordered maps. */
  static final class Maps {
    private Maps() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> objectOf(Object value) {
      return value instanceof Map ? new LinkedHashMap<>((Map<String, Object>) value) : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> stringsOf(Object value) {
      Map<String, String> strings = new LinkedHashMap<>();
      if (value instanceof Map) {
        ((Map<String, Object>) value).forEach((k, v) -> strings.put(k, String.valueOf(v)));
      }
      return strings;
    }

    /** Objects merge key by key; anything else in `from` replaces what `into` holds. */
    @SuppressWarnings("unchecked")
    static void deepMerge(Map<String, Object> into, Map<String, Object> from) {
      from.forEach(
          (key, value) -> {
            Object current = into.get(key);
            if (current instanceof Map && value instanceof Map) {
              Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) current);
              deepMerge(merged, (Map<String, Object>) value);
              into.put(key, merged);
            } else {
              into.put(key, value);
            }
          });
    }
  }
}
