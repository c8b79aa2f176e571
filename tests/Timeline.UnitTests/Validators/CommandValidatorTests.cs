using System.Text.Json.Nodes;
using Timeline.Api.Features.Access;
using Timeline.Api.Features.Actors;
using Timeline.Api.Features.Events;
using Timeline.Api.Features.FollowUps;
using Timeline.Api.Platform.Http;

namespace Timeline.UnitTests.Validators;

public sealed class CommandValidatorTests
{
    [Theory]
    [InlineData("analyst", "reader", true)]
    [InlineData("ops.bot-2", "admin", true)]
    [InlineData("", "reader", false)]
    [InlineData("has space", "reader", false)]
    [InlineData("analyst", "owner", false)]
    [InlineData("analyst", null, false)]
    public void Keys_need_a_plain_name_and_a_known_role(string name, string? role, bool valid) =>
        Assert.Equal(valid, new CreateKeyValidator().Validate(new CreateKey(name, role)).IsValid);

    [Theory]
    [InlineData("KP", "state", true)]
    [InlineData("MSMT", "organisation", true)]
    [InlineData("kp", "state", false)]
    [InlineData("K", "state", false)]
    [InlineData("KP", "country", false)]
    [InlineData("KP", "group", false)]
    [InlineData("KPX", "state", false)]
    [InlineData("CHON-MA-SAN", "vessel", true)]
    [InlineData("KOREA-MINING-DEVELOPMENT-TRADING-CORPORATION", "company", true)]
    public void Actors_need_an_upper_case_code_and_a_known_kind(string code, string kind, bool valid) =>
        Assert.Equal(valid, new RecordActorValidator().Validate(new RecordActor { Code = code, Name = "Name", Kind = kind }).IsValid);

    [Theory]
    [InlineData("wikidata", "Q423", "organisation", null)]
    [InlineData("wikidata", "423", "organisation", "identifiers.wikidata")]
    [InlineData("imo", "9179842", "vessel", null)]
    [InlineData("imo", "9179843", "vessel", "identifiers.imo")]
    [InlineData("imo", "9179842", "company", "identifiers.imo")]
    [InlineData("iso3166", "KP", "organisation", "identifiers.iso3166")]
    [InlineData("un", "KPe.028", "company", null)]
    [InlineData("un", "KP-028", "company", "identifiers.un")]
    [InlineData("ofac", "36144", "company", null)]
    [InlineData("ofac", "SDN-1", "company", "identifiers.ofac")]
    [InlineData("lei", "5493001KJTIIGC8Y1R12", "company", "identifiers.lei")]
    public void Identifiers_follow_their_schemes_rules(string scheme, string value, string kind, string? failing)
    {
        var result = new RecordActorValidator().Validate(new RecordActor
        {
            Code = "ACTOR", Name = "Name", Kind = kind, Identifiers = new() { [scheme] = value },
        });

        Assert.Equal(failing is null ? [] : [failing], result.Errors.Select(e => e.PropertyName));
    }

    [Theory]
    [InlineData("2024-10-30~", true)]
    [InlineData("2024-10-23/2024-10-31", true)]
    [InlineData("2024-21", false)]
    [InlineData("", false)]
    public void Follow_ups_need_an_EDTF_due_date(string due, bool valid) =>
        Assert.Equal(valid, new ExpectFollowUpValidator().Validate(new ExpectFollowUp(Guid.NewGuid(), "imagery released", due, "a")).IsValid);

    [Fact]
    public void A_retraction_needs_a_reason() =>
        Assert.Contains(new RetractEventValidator().Validate(new RetractEvent(Guid.NewGuid(), " ", "a")).Errors, e => e.PropertyName == "Reason");

    [Fact]
    public void A_merge_patch_removes_nulls_merges_objects_and_replaces_the_rest()
    {
        var target = JsonNode.Parse("""{"title":"a","summary":"s","tags":["x","y"],"nested":{"keep":1,"drop":2}}""")!.AsObject();
        var patch = JsonNode.Parse("""{"title":"b","summary":null,"tags":["z"],"nested":{"drop":null,"add":3}}""")!.AsObject();

        MergePatch.Apply(target, patch);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"title":"b","tags":["z"],"nested":{"keep":1,"add":3}}"""), target));
    }
}
