namespace Timeline.Api.Platform.Hosting;

/// <summary>The longer descriptions of the OpenAPI document, each with an example: the field's model in the analyst's words.</summary>
public static class ApiDescriptions
{
    public const string Entities = """
        An actor is a state, organisation, person, company, vessel or aircraft, with aliases and identifiers by scheme:
        wikidata (Q423), opensanctions (its entity id), imo (a vessel's 7 digits, check digit verified), ofac (SDN uid),
        un (KPe.028), iso3166 (a state's alpha-2 code, added from its code). Each is checked by its scheme's rules and is
        one actor's only: another actor's is a 409 naming it. Codes: two letters for states, else up to 64 upper-case
        letters, digits and '-'.

            curl -X POST $API/api/actors -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
                 -d '{"code": "TANKER-1", "name": "A tanker", "kind": "vessel", "identifiers": {"imo": "9179842"}}'
        """;

    public const string Designations = """
        A sanctions.designation or sanctions.delisting event may carry a sanction: authority, program, reference, listed and
        ends (EDTF), measures, reason; on other types it is a 400. Events may be graded on the Admiralty scale: each source's
        reliability A (completely reliable) to F (cannot be judged), the event's credibility 1 (confirmed by other sources)
        to 6 (cannot be judged). Status says where the record stands; credibility how far to believe it now.

            curl -X POST $API/api/events -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{
              "title": "OFAC designates a DPRK arms exporter", "occurred": "2024-10", "type": "sanctions.designation",
              "credibility": 1, "actors": ["US", "KP"],
              "sanction": {"authority": "US OFAC", "program": "DPRK3", "listed": "2024-10", "measures": ["asset-freeze"]},
              "sources": [{"url": "https://example.org/release", "title": "Treasury designates", "reliability": "A"}]}'
        """;

    public const string Timeline = """
        Filters, combined with AND, each any-of: actor (a code, or an identifier as scheme:value, e.g. imo:9179842), actorsOf
        (the actors a saved timeline names; with type=sanctions.designation, any designation of them), type (military.*
        for a subtree), tag, status, authority, program, reliability (A,B: at least one source so graded), credibility (1,2),
        from/to with match, q.

            curl "$API/api/timeline?authority=US%20OFAC&credibility=1,2&reliability=A,B" -H "Authorization: Bearer $KEY"
        """;
}
