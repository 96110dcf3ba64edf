package dev.stepgate.vtlreference;

import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import java.util.Map;

/** $input: the raw body, JSONPath over it (Jayway JsonPath), and the request's parameters. */
public final class Input {
  private static final String[] PARAMETER_ORDER = {"path", "querystring", "header"};
  private final String body;
  private final Map<String, Map<String, String>> params;

  Input(String body, Map<String, Map<String, String>> params) {
    this.body = body;
    this.params = params;
  }

  public String getBody() {
    return body;
  }

  /** The value at a JSONPath; a path that matches nothing is null. An empty body reads as {}. */
  public Object path(String jsonPath) throws Exception {
    Object document = JsonPath.parse(body == null || body.trim().isEmpty() ? "{}" : body).json();
    try {
      return JsonPath.read(document, jsonPath);
    } catch (PathNotFoundException e) {
      return null;
    }
  }

  /** path(), written as JSON. */
  public String json(String jsonPath) throws Exception {
    return VtlReference.JSON.writeValueAsString(path(jsonPath));
  }

  public Map<String, Map<String, String>> params() {
    return params;
  }

  /** A parameter by name: a path parameter, else a query-string one, else a header. */
  public String params(String name) {
    for (String kind : PARAMETER_ORDER) {
      String value = params.get(kind).get(name);
      if (value != null) return value;
    }
    return null;
  }
}
