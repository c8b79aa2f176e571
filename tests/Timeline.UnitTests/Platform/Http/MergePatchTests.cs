using System.Text.Json.Nodes;
using Timeline.Api.Platform.Http;

namespace Timeline.UnitTests.Platform.Http;

public sealed class MergePatchTests
{
    [Fact]
    public void A_merge_patch_removes_nulls_merges_objects_and_replaces_the_rest()
    {
        var target = JsonNode.Parse("""{"title":"a","summary":"s","tags":["x","y"],"nested":{"keep":1,"drop":2}}""")!.AsObject();
        var patch = JsonNode.Parse("""{"title":"b","summary":null,"tags":["z"],"nested":{"drop":null,"add":3}}""")!.AsObject();

        MergePatch.Apply(target, patch);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"title":"b","tags":["z"],"nested":{"keep":1,"add":3}}"""), target));
    }
}
