using System.Text.Json;
using System.Text.Json.Serialization;

namespace Timeline.Api.Features.Measures;

/// <summary>A measure page's summary as JSON, in the names and forms every answer has (camelCase), by generated code.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ClaimSummary))]
internal sealed partial class MeasureJson : JsonSerializerContext;
