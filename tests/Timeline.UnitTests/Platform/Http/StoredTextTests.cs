using System.Text.Json;
using Timeline.Api.Platform.Http;

namespace Timeline.UnitTests.Platform.Http;

public sealed class StoredTextTests
{
    [Theory]
    [InlineData("plain text")]
    [InlineData("tab\tline feed\ncarriage return\r")]
    [InlineData("Ünïcode, 北朝鮮, emoji 🛰")]
    [InlineData("")]
    public void Text_without_control_characters_may_be_stored(string text) =>
        Assert.Null(StoredText.Problem(text));

    [Theory]
    [InlineData('\u0000')]
    [InlineData('\u0001')]
    [InlineData('\u0008')]
    [InlineData('\u000b')]
    [InlineData('\u000c')]
    [InlineData('\u001f')]
    [InlineData('\u007f')]
    [InlineData('\u0080')]
    [InlineData('\u009f')]
    [InlineData('\ufffe')]
    [InlineData('\uffff')]
    public void A_control_character_is_refused_saying_which_and_where(char c)
    {
        var problem = StoredText.Problem($"abc{c}def");

        Assert.NotNull(problem);
        Assert.Contains($"U+{(int)c:X4}", problem, StringComparison.Ordinal);
        Assert.Contains("position 4", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_converter_refuses_a_control_character_with_the_path_where_it_was_read()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new StoredTextConverter() } };

        var failure = Assert.Throws<StoredTextException>(() =>
            JsonSerializer.Deserialize<Dictionary<string, string[]>>("""{"tags": ["ok", "bad\u0000"]}""", options));

        Assert.Equal("$.tags[1]", failure.Path);
        Assert.Contains("U+0000", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_converter_reads_and_writes_ordinary_text_unchanged()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new StoredTextConverter() } };

        var read = JsonSerializer.Deserialize<string?[]>("""["a\tb", null, "Ünï"]""", options)!;

        Assert.Equal(new string?[] { "a\tb", null, "Ünï" }, read);
        Assert.Equal("""["a\tb",null,"\u00DCn\u00EF"]""", JsonSerializer.Serialize(read, options));
    }
}
