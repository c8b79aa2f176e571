using Timeline.Api.Features.Actors;

namespace Timeline.UnitTests.Features.Actors;

public sealed class RecordActorValidatorTests
{
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
}
