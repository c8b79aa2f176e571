using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Timeline.IntegrationTests.Features.Watches;

/// <summary>A document a <see cref="FeedServer"/> serves: its text, media type, and an ETag when it sends one.</summary>
public sealed record ServedDocument(string Body, string ContentType, string? ETag = null);

/// <summary>
/// A real HTTP server on 127.0.0.1 and a free port serving feeds, as a source's would: it answers a conditional GET
/// whose <c>If-None-Match</c> names the document's ETag with <c>304 Not Modified</c>, and counts what it sent.
/// </summary>
public sealed class FeedServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, ServedDocument> documents = new();
    private bool stopped;

    private FeedServer(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Whole documents sent (200), by path.</summary>
    public ConcurrentDictionary<string, int> Sent { get; } = new();

    /// <summary>Conditional requests answered 304, by path.</summary>
    public ConcurrentDictionary<string, int> NotModified { get; } = new();

    public static async Task<FeedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FeedServer(app);
        app.MapGet("/{**path}", server.ServeAsync);
        await app.StartAsync();
        server.BaseUrl = app.Urls.Single().TrimEnd('/');
        return server;
    }

    public string Serve(string path, ServedDocument document)
    {
        documents[path] = document;
        return $"{BaseUrl}/{path}";
    }

    private async Task ServeAsync(HttpContext http, string path)
    {
        if (!documents.TryGetValue(path, out var document))
        {
            http.Response.StatusCode = 404;
            return;
        }

        if (document.ETag is not null && http.Request.Headers.IfNoneMatch.ToString() == document.ETag)
        {
            NotModified.AddOrUpdate(path, 1, (_, n) => n + 1);
            http.Response.StatusCode = 304;
            return;
        }

        Sent.AddOrUpdate(path, 1, (_, n) => n + 1);
        if (document.ETag is not null)
        {
            http.Response.Headers.ETag = document.ETag;
        }

        http.Response.ContentType = document.ContentType;
        await http.Response.WriteAsync(document.Body);
    }

    /// <summary>The source goes down: its port stops answering.</summary>
    public async Task StopAsync()
    {
        stopped = true;
        await app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!stopped)
        {
            await app.StopAsync();
        }

        await app.DisposeAsync();
    }
}
