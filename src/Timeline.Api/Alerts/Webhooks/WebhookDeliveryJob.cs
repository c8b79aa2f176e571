using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hangfire;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Timeline.Core.Alerts;
using Timeline.Core.Data;

namespace Timeline.Api.Alerts;

/// <summary>The Hangfire job: thin, it sends the request until a batch comes back less than full (or enough has been done).</summary>
public sealed class WebhookDeliveryJob(IMediator mediator)
{
    public const string Id = "webhook-delivery";

    /// <summary>Every five seconds (Hangfire reads six fields as seconds first); <c>Timeline:Webhooks:Cron</c> overrides it.</summary>
    public const string DefaultCron = "*/5 * * * * *";

    private const int MaxBatchesPerRun = 20;

    /// <summary>No Hangfire retries: a failed run's alerts stay pending in the outbox and the next run takes them.</summary>
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < MaxBatchesPerRun; i++)
        {
            var result = await mediator.Send(new DeliverWebhooks(), cancellationToken);
            if (result.Claimed < DeliverWebhooksHandler.BatchSize)
            {
                return;
            }
        }
    }
}
