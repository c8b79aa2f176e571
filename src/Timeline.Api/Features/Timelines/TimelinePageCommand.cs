using System.Collections;
using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Timelines;

/// <summary>
/// The command of a timeline page as <c>GET /api/timeline</c> reads it. The SQL is EF Core's, made from
/// <see cref="TimelineQueryHandler.Views"/> once for each shape of query (which filters it has, how it compares dates
/// and places, its order, whether it has a cursor or an instant) and kept; a later query of the same shape is the same
/// SQL with its own values, given by the names EF Core gave the parameters (<see cref="TimelineFilter.SqlValues"/>).
/// Building the command through EF Core for every page (its expression trees, parameter extraction and cache look-up)
/// took some 70 µs and 30 KB, about a third of what a read allocated; kept, some 3 µs (docs/BENCHMARKS.md).
/// A shape is kept only when EF Core's parameters are exactly those values, name for name and value for value; any other
/// shape is built by EF Core every time.
/// </summary>
internal static class TimelinePageCommand
{
    private sealed record Template(string Sql, int Timeout, (string Name, NpgsqlDbType Type)[] Parameters);

    /// <summary>Shapes are few (a dozen filters present or not, two orders, a cursor, an instant); past this many the others are built each time.</summary>
    private const int MaxShapes = 4_096;

    private static readonly ConcurrentDictionary<string, Template?> Templates = new(StringComparer.Ordinal);

    /// <summary>The page's command on the context's connection (the primary's or the replica's), for a query whose actors are resolved.</summary>
    public static DbCommand Create(TimelineDbContext db, TimelineQuery query)
    {
        var values = ValuesOf(query);
        var shape = ShapeOf(query, values);
        if (Templates.TryGetValue(shape, out var template))
        {
            return template is null ? Build(db, query) : Bind(db, template, values);
        }

        var command = Build(db, query);
        if (Templates.Count < MaxShapes)
        {
            Templates.TryAdd(shape, TemplateOf(command, values));
        }

        return command;
    }

    /// <summary>Whether a query of this shape is answered from a kept command.</summary>
    internal static bool IsKept(TimelineQuery query) => Templates.TryGetValue(ShapeOf(query, ValuesOf(query)), out var template) && template is not null;

    private static string ShapeOf(TimelineQuery query, Dictionary<string, object> values) =>
        $"{(query.Order == "desc" ? "desc" : "asc")} {query.SqlShape} {string.Join(',', values.Keys)}";

    private static DbCommand Build(TimelineDbContext db, TimelineQuery query) => TimelineQueryHandler.Views(db, query).CreateDbCommand();

    private static NpgsqlCommand Bind(TimelineDbContext db, Template template, Dictionary<string, object> values)
    {
        var command = (NpgsqlCommand)db.Database.GetDbConnection().CreateCommand();
        command.CommandText = template.Sql;
        command.CommandTimeout = template.Timeout;
        command.Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, type) in template.Parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { ParameterName = name, NpgsqlDbType = type, Value = values[name[1..]] });
        }

        return command;
    }

    /// <summary>Every value the page's SQL takes, by the name of its parameter, in the order the query's parts add them.</summary>
    private static Dictionary<string, object> ValuesOf(TimelineQuery query)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            // The projection's open ends (EventViewProjection): stored as the least and the greatest day, shown as null.
            ["MinValue"] = DateOnly.MinValue,
            ["MaxValue"] = DateOnly.MaxValue,
            // One row more than the page, to know whether there is a next one.
            ["p"] = TimelineQueryHandler.Limit(query) + 1,
        };
        if (TimelineQueryHandler.ParseInstant(query.AsOf) is { } instant)
        {
            // The revision valid at the instant: it is compared twice (from and to), each its own parameter.
            values["instant"] = instant;
            values["instant1"] = instant;
        }

        foreach (var (name, value) in query.SqlValues())
        {
            values[name] = value;
        }

        if (TimelineCursor.Decode(query.Cursor) is { } c)
        {
            values["c_Earliest"] = c.Earliest;
            values["c_Latest"] = c.Latest;
            values["c_Id"] = c.Id;
        }

        return values;
    }

    /// <summary>The command as a template when its parameters are the values, name for name and value for value.</summary>
    private static Template? TemplateOf(DbCommand command, Dictionary<string, object> values)
    {
        var parameters = command.Parameters.Cast<DbParameter>().ToList();
        if (parameters.Count != values.Count || parameters.Any(p => p is not NpgsqlParameter || !p.ParameterName.StartsWith('@')
                || !values.TryGetValue(p.ParameterName[1..], out var value) || !Same(p.Value, value)))
        {
            return null;
        }

        return new Template(command.CommandText, command.CommandTimeout, [.. parameters.Cast<NpgsqlParameter>().Select(p => (p.ParameterName, p.NpgsqlDbType))]);
    }

    private static bool Same(object? parameter, object value) => (parameter, value) switch
    {
        (Array a, Array b) => StructuralComparisons.StructuralEqualityComparer.Equals(a, b),
        (Geometry a, Geometry b) => a.EqualsExact(b),
        _ => Equals(parameter, value),
    };
}
