package dev.quarry.agents.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {
  private final ObjectMapper mapper = new ObjectMapper();
  private final JsonSchemas schemas = new JsonSchemas(mapper);

  enum Unit { CELSIUS, FAHRENHEIT }

  record Point(@Param(description = "metres east") double x, double y) {}

  record Route(String name, List<Point> stops, @Param(optional = true) Unit unit) {}

  record Node(String label, List<Node> children) {}

  record Holder(Optional<String> value) {}

  record Renamed(@Param(name = "other") String value) {}

  public static class Settings {
    public int retries;
    private String mode;

    public String getMode() {
      return mode;
    }

    public void setMode(String mode) {
      this.mode = mode;
    }
  }

  private JsonNode schema(TypeReference<?> type) {
    return schemas.schemaOf(mapper.getTypeFactory().constructType(type), "", "test");
  }

  private JsonNode json(String text) throws Exception {
    return mapper.readTree(text.replace('\'', '"'));
  }

  @Test
  void scalarsMapToJsonTypes() throws Exception {
    assertThat(schema(new TypeReference<Boolean>() {})).isEqualTo(json("{'type':'boolean'}"));
    for (TypeReference<?> integral : List.of(new TypeReference<Integer>() {},
        new TypeReference<Long>() {}, new TypeReference<Short>() {}, new TypeReference<Byte>() {})) {
      assertThat(schema(integral)).isEqualTo(json("{'type':'integer'}"));
    }
    assertThat(schema(new TypeReference<Double>() {})).isEqualTo(json("{'type':'number'}"));
    assertThat(schema(new TypeReference<Float>() {})).isEqualTo(json("{'type':'number'}"));
    assertThat(schema(new TypeReference<BigDecimal>() {})).isEqualTo(json("{'type':'number'}"));
    assertThat(schema(new TypeReference<String>() {})).isEqualTo(json("{'type':'string'}"));
  }

  @Test
  void primitivesMapLikeTheirBoxes() throws Exception {
    assertThat(schemas.schemaOf(mapper.constructType(int.class), "", "test"))
        .isEqualTo(json("{'type':'integer'}"));
    assertThat(schemas.schemaOf(mapper.constructType(boolean.class), "flag", "test"))
        .isEqualTo(json("{'type':'boolean','description':'flag'}"));
  }

  @Test
  void enumsListTheirConstantNames() throws Exception {
    assertThat(schema(new TypeReference<Unit>() {}))
        .isEqualTo(json("{'type':'string','enum':['CELSIUS','FAHRENHEIT']}"));
  }

  @Test
  void listsSetsAndArraysBecomeArrays() throws Exception {
    assertThat(schema(new TypeReference<List<String>>() {}))
        .isEqualTo(json("{'type':'array','items':{'type':'string'}}"));
    assertThat(schema(new TypeReference<Set<Long>>() {}))
        .isEqualTo(json("{'type':'array','items':{'type':'integer'},'uniqueItems':true}"));
    assertThat(schema(new TypeReference<double[]>() {}))
        .isEqualTo(json("{'type':'array','items':{'type':'number'}}"));
  }

  @Test
  void mapsWithStringKeysBecomeOpenObjects() throws Exception {
    assertThat(schema(new TypeReference<Map<String, Integer>>() {}))
        .isEqualTo(json("{'type':'object','additionalProperties':{'type':'integer'}}"));
  }

  @Test
  void nestedRecordsListEveryComponentAsRequiredUnlessOptional() throws Exception {
    assertThat(schema(new TypeReference<Route>() {})).isEqualTo(json("""
        {'type':'object','properties':{
           'name':{'type':'string'},
           'stops':{'type':'array','items':{'type':'object','properties':{
               'x':{'type':'number','description':'metres east'},'y':{'type':'number'}},
             'required':['x','y'],'additionalProperties':false}},
           'unit':{'type':'string','enum':['CELSIUS','FAHRENHEIT']}},
         'required':['name','stops'],'additionalProperties':false}"""));
  }

  @Test
  void pojoPropertiesAreOptional() throws Exception {
    assertThat(schema(new TypeReference<Settings>() {})).isEqualTo(json("""
        {'type':'object','properties':{'retries':{'type':'integer'},'mode':{'type':'string'}},
         'additionalProperties':false}"""));
  }

  @Test
  void recursiveTypesAreRejected() {
    assertThatThrownBy(() -> schema(new TypeReference<Node>() {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test.children[]")
        .hasMessageContaining("recursive");
  }

  @Test
  void unsupportedTypesAreRejectedWithTheirPlace() {
    assertThatThrownBy(() -> schema(new TypeReference<Holder>() {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test.value")
        .hasMessageContaining("Optional is supported only as a @Tool method parameter");
    assertThatThrownBy(() -> schema(new TypeReference<Object>() {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object is not supported");
    assertThatThrownBy(() -> schema(new TypeReference<Map<Integer, String>>() {}))
        .hasMessageContaining("map keys must be strings");
    assertThatThrownBy(() -> schema(new TypeReference<Renamed>() {}))
        .hasMessageContaining("test.value: @Param(name) applies to method parameters only");
  }
}
