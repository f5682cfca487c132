package dev.quarry.rag.splitter;

import java.util.List;
import java.util.Map;

/** Real prose and a real Markdown document, for the splitter tests. Written for these tests. */
final class RealTexts {
  private RealTexts() {}

  static final String ENGLISH =
      """
      The lighthouse at the end of the harbour was built in 1874, when the shipping lanes along this coast \
      were among the busiest in the country. Its keeper lived in a small stone cottage at the foot of the \
      tower, and every evening at dusk he climbed the one hundred and twelve steps to light the lamp. On \
      clear nights the beam could be seen from twenty-three miles away.

      For almost a century the light was tended by hand. Keepers trimmed the wicks, polished the brass and \
      wound the clockwork that turned the great lens. Storms were the hardest part of the job: a keeper might \
      stay awake for two or three nights in a row, watching for ships in trouble and writing every change of \
      wind in the log book. Those log books survive, and they are a remarkable record of weather, wrecks and \
      rescues.

      In 1968 the lamp was converted to electricity, and in 1991 the station was automated. The last keeper, \
      Margaret Hale, left the cottage that spring. "I never once felt alone out here," she told a reporter. \
      "The sea is company enough, if you listen to it." Today the cottage is a small museum, and the light \
      still flashes twice every fifteen seconds.

      Visitors can climb the tower on weekends from April to October. The view from the gallery takes in the \
      whole bay, the fishing fleet and, on a very clear day, the mountains on the far side of the water. Wear \
      sensible shoes: the steps are narrow, steep and, after rain, slippery.
      """;

  static final String CHINESE =
      """
      我们的城市坐落在两条河流交汇的地方。早在一千多年前，这里就已经是繁忙的商埠，南来北往的船只在码头停靠，\
      把丝绸、茶叶和瓷器运往远方。老城区的街道至今仍保留着当年的格局，青石板路两旁是一排排木结构的店铺。

      每到清晨，河边的公园里总是热闹非凡。有人打太极拳，有人跳广场舞，还有几位老人围坐在石桌旁下象棋。\
      卖早点的小摊前排起了长队，油条、豆浆和包子的香味飘满了整条街！你第一次来这里，一定会被这种生活气息所吸引。

      近年来，城市发展得很快。新建的地铁把郊区和市中心连接起来，高楼大厦一座接一座地拔地而起。可是，\
      人们也开始担心：老街会不会因此消失？传统的手艺还能传承下去吗？市政府为此制定了保护规划；\
      一些老建筑被修缮一新，成为博物馆和文化中心。

      如果你有机会来访，不妨在傍晚时分沿着河岸散步。夕阳把河水染成金色，远处传来渡船的汽笛声。这样的景色，\
      会让人久久难忘。
      """;

  static final String JAPANESE =
      """
      私の祖母は、山あいの小さな村で六十年以上も暮らしてきました。村には信号がひとつもなく、\
      バスも一日に三本しか通りません。それでも祖母は、この村ほど住みやすい場所はないと言います。

      春になると、裏山には山菜がたくさん生えてきます。祖母は毎朝早く起きて、籠を背負って山に入ります。\
      わらびやぜんまいを摘んで帰ると、その日のうちに下ごしらえをして、近所の人たちに配るのです！\
      「自然の恵みは、みんなで分けるものだよ」というのが祖母の口癖でした。

      夏休みに遊びに行くと、祖母はいつも冷たい麦茶とすいかを用意して待っていてくれました。縁側に座って、\
      蝉の声を聞きながら昔話を聞くのが、私は大好きでした。どうしてあんなに穏やかな気持ちになれたのでしょうか？\
      今でもよくわかりません。

      去年、村の小学校が閉校になりました。子どもの数が減り続けているからです。それでも、\
      祖母は毎日畑に出て、野菜を育てています。
      """;

  /** A user guide with nested headers, fenced code blocks holding {@code #} lines, and text before any header. */
  static final String MARKDOWN =
      """
      This guide is maintained by the platform team. Report mistakes in the issue tracker.

      # Quarry Guide

      Quarry turns a folder of documents into something you can ask questions about, without sending a single \
      byte to a remote service. This guide walks through installation, configuration and a first query.

      ## Installation

      Quarry needs Java 21 or newer. Check your version before you start.

      ### With Maven

      Add the dependency to your `pom.xml`:

      ```xml
      <dependency>
        <groupId>dev.quarry</groupId>
        <artifactId>quarry-rag</artifactId>
        <version>0.1.0</version>
      </dependency>
      ```

      Then run `mvn verify` once so the model files are downloaded into your local repository.

      ### From the command line

      The CLI ships as a single script. The comments in it explain each step.

      ```bash
      # Download the launcher
      curl -L -o quarry https://example.org/quarry/latest
      # Make it executable
      chmod +x quarry
      ## Not a header: this line is inside a code block
      ./quarry --version
      ```

      ## Configuration

      Configuration lives in `quarry.yaml` next to your documents. Every key has a sensible default, so an \
      empty file is a valid configuration.

      ~~~yaml
      # quarry.yaml
      index:
        type: hnsw
        m: 16
      splitter:
        chunk-size: 800
      ~~~

      ### Chunk size

      Smaller chunks give more precise citations; larger chunks give the model more context per hit. Most \
      teams settle between 500 and 1000 characters. Measure on your own questions before you change it.

      ### Overlap

      Overlap repeats the end of one chunk at the start of the next, so a sentence cut at a boundary is still \
      found whole. Keep it under a quarter of the chunk size.

      ## First query

      Ingest a folder and ask a question:

      ```java
      var rag = Rag.builder().documents(Path.of("docs")).build();
      # this line is not Java, and not a header either
      Answer answer = rag.ask("How do I rotate the API keys?");
      System.out.println(answer.text());
      ```

      The answer cites the chunks it used, with their offsets in the source files.

      # Appendix

      ## Troubleshooting

      If the first query is slow, the embedding model is still warming up. Later queries take milliseconds.
      """;

  /** Each header line of {@link #MARKDOWN}, in order, with the header path of its section. */
  static final List<Map.Entry<String, String>> MARKDOWN_HEADERS =
      List.of(
          Map.entry("# Quarry Guide", "Quarry Guide"),
          Map.entry("## Installation", "Quarry Guide > Installation"),
          Map.entry("### With Maven", "Quarry Guide > Installation > With Maven"),
          Map.entry("### From the command line", "Quarry Guide > Installation > From the command line"),
          Map.entry("## Configuration", "Quarry Guide > Configuration"),
          Map.entry("### Chunk size", "Quarry Guide > Configuration > Chunk size"),
          Map.entry("### Overlap", "Quarry Guide > Configuration > Overlap"),
          Map.entry("## First query", "Quarry Guide > First query"),
          Map.entry("# Appendix", "Appendix"),
          Map.entry("## Troubleshooting", "Appendix > Troubleshooting"));
}
