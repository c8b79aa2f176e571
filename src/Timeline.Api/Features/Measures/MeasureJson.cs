using System.Text.Json;
using System.Text.Json.Serialization;

namespace Timeline.Api.Features.Measures;

/// <summary>
/// A measure's page as JSON, in the names and forms every answer has (camelCase, as the API's own options write it),
/// serialised by generated code: a page of a thousand claims is about half a megabyte of JSON, and writing it through
/// the reflection-based contract was a large part of the page's CPU.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(MeasureWithClaims))]
internal sealed partial class MeasureJson : JsonSerializerContext;
