using Timeline.Api.Platform.Idempotency;
using Timeline.Api.Platform.Replica;
using System.Text.Json.Serialization;
using FluentValidation;
using Hangfire;
using Hangfire.PostgreSql;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;
using Timeline.Api.Features.Access;
using Timeline.Api.Features.Alerts.Matching;
using Timeline.Api.Features.Alerts.Stream;
using Timeline.Api.Features.Alerts.Webhooks;
using Timeline.Api.Features.FollowUps;
using Timeline.Api.Features.SignIn;
using Timeline.Api.Features.Watches;
using Timeline.Api.Platform.Hosting.OpenApi;
using Timeline.Api.Platform.Http;
using Timeline.Api.Platform.Pipeline;
using Timeline.Api.Platform.Telemetry;
using Timeline.Core.Data;

namespace Timeline.Api.Platform.Hosting;

public static class ServiceRegistration
{
    /// <summary>
    /// Data Protection encrypts webhook secrets at rest; its key ring is in the database so that every instance shares
    /// it. With <c>Timeline:DataProtection:Certificate</c> (a PFX file) the ring's keys are themselves encrypted with
    /// that certificate, so a copy of the database alone cannot decrypt the secrets. In production the API does not
    /// start without one unless <c>Timeline:DataProtection:AllowUnencryptedKeys</c> says that is intended.
    /// </summary>
    private static void AddDataProtection(WebApplicationBuilder builder)
    {
        var protection = builder.Services.AddDataProtection().SetApplicationName("Timeline").PersistKeysToDbContext<TimelineDbContext>();
        var certificate = builder.Configuration["Timeline:DataProtection:Certificate"];
        if (string.IsNullOrWhiteSpace(certificate) && builder.Environment.IsProduction()
            && !builder.Configuration.GetValue<bool>("Timeline:DataProtection:AllowUnencryptedKeys"))
        {
            throw new InvalidOperationException(
                "Timeline:DataProtection:Certificate is not set: the Data Protection key ring (which decrypts webhook secrets) would be " +
                "kept in clear in the database. Set it to a PFX file (and Timeline:DataProtection:CertificatePassword), or set " +
                "Timeline:DataProtection:AllowUnencryptedKeys=true to accept a key ring in clear");
        }

        if (!string.IsNullOrWhiteSpace(certificate))
        {
            protection.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(certificate,
                builder.Configuration["Timeline:DataProtection:CertificatePassword"]));
        }

        builder.Services.AddSingleton<WebhookSecrets>();
    }

    public static WebApplicationBuilder AddTimeline(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var connectionString = builder.Configuration.GetConnectionString("Timeline")
            ?? throw new InvalidOperationException("Set ConnectionStrings__Timeline to a PostgreSQL connection string.");

        services.AddOptions<TimelineOptions>().Bind(builder.Configuration.GetSection("Timeline"))
            .Validate(o => string.IsNullOrWhiteSpace(o.AdminKey) || Features.Access.ApiKeyAuthentication.IsWellFormed(o.AdminKey.Trim()),
                $"Timeline:AdminKey (TIMELINE_ADMIN_KEY) must be at least {TimelineOptions.MinAdminKeyLength} characters (at most {TimelineOptions.MaxKeyLength}, without control characters); " +
                "choose a long random one (e.g. openssl rand -base64 32), or leave it unset and one is generated")
            .ValidateOnStart();
        services.AddSingleton<TimeProvider, MicrosecondClock>();
        builder.AddTelemetry();
        var database = builder.Configuration.GetSection("Timeline:Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.StatementTimeoutSeconds < 0 || database.LockTimeoutSeconds < 0 || database.RetryAfterSeconds < 1 || database.ConcurrentReads < 0)
        {
            throw new InvalidOperationException("Timeline:Database: StatementTimeoutSeconds, LockTimeoutSeconds and ConcurrentReads must be 0 or more, RetryAfterSeconds 1 or more");
        }

        services.Configure<DatabaseOptions>(builder.Configuration.GetSection("Timeline:Database"));
        services.AddSingleton(_ => TimelineDatabase.DataSource(database.Apply(connectionString)));
        // Pooled: a request reuses a context instead of building one. The exception handler logs database failures once
        // (a 503 without a stack trace when the database is away), so EF Core's own error logs of them are only debug.
        services.AddDbContextPool<TimelineDbContext>((sp, options) => options
            .UseTimelineDatabase(sp.GetRequiredService<NpgsqlDataSource>())
            .ConfigureWarnings(w => w.Log(
                (Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.ConnectionError, LogLevel.Debug),
                (Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandError, LogLevel.Debug),
                (Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.TransactionError, LogLevel.Debug),
                (Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.SaveChangesFailed, LogLevel.Debug),
                (Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.QueryIterationFailed, LogLevel.Debug))));

        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.PipelineBehaviors =
            [
                typeof(TelemetryBehaviour<,>),
                typeof(ValidationBehaviour<,>),
                typeof(ReadOnReplicaBehaviour<,>),
                typeof(ReadTurnsBehaviour<,>),
                typeof(Timeline.Api.Features.Changes.WakeLogSubscribersBehaviour<,>),
                typeof(TransactionBehaviour<,>),
                typeof(IdempotencyBehaviour<,>),
            ];
        });
        services.AddScoped<IdempotencyContext>();
        services.AddSingleton(new ReadTurns(database.ConcurrentReads > 0 ? database.ConcurrentReads : ReadTurns.Default));
        services.AddScoped<ReadTurnHeld>();
        AddReplica(builder, database);
        services.AddSingleton<Timeline.Api.Features.Changes.ChangeLog>();
        services.AddScoped<Timeline.Api.Features.Changes.History>();
        services.AddAlertMatching(builder.Configuration);
        services.AddSingleton<WebhookAddressGuard>();
        AddDataProtection(builder);
        services.AddWebhookDelivery();
        services.AddWatches(builder.Configuration);
        services.AddAlertStream(builder.Configuration);
        services.Configure<FollowUpCheckOptions>(builder.Configuration.GetSection("Timeline:FollowUps"));
        services.Configure<WebhookOptions>(builder.Configuration.GetSection("Timeline:Webhooks"));
        services.Configure<Timeline.Api.Features.Retention.RetentionOptions>(builder.Configuration.GetSection("Timeline:Retention"));
        services.AddOptions<Timeline.Api.Features.Events.Import.ImportLimits>().Bind(builder.Configuration.GetSection("Timeline:Import"))
            .Validate(o => o.IsValid, "Timeline:Import needs MinBytesPerSecond > 0, MinRateGraceSeconds > 1 (Kestrel's least) and MaxSeconds > 0")
            .ValidateOnStart();
        AddJobs(builder, connectionString);
        // A validator that needs nothing from the request (no context, no look-ups) is built once: building its rules
        // per request was 7 % of the API's CPU on a timeline read. Those that read the database are per request.
        foreach (var validator in AssemblyScanner.FindValidatorsInAssemblyContaining<Program>())
        {
            var lifetime = validator.ValidatorType.GetConstructors().All(c => c.GetParameters().Length == 0)
                ? ServiceLifetime.Singleton
                : ServiceLifetime.Scoped;
            services.Add(new ServiceDescriptor(validator.ValidatorType, validator.ValidatorType, lifetime));
            services.Add(new ServiceDescriptor(validator.InterfaceType, sp => sp.GetRequiredService(validator.ValidatorType), lifetime));
        }

        ValidatorOptions.Global.LanguageManager.Enabled = true;
        ValidatorOptions.Global.MessageFormatterFactory = () => new EchoedValue.Formatter();

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            // A member given twice is ambiguous (which one counts?), so it is a 400 rather than the last one winning.
            o.SerializerOptions.AllowDuplicateProperties = false;
            o.SerializerOptions.Converters.Add(new StoredTextConverter());
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = RequestLimits.MaxBodyBytes);

        // Before the framework's writer, which writes nothing when Accept names no JSON type.
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Answers the framework writes itself (status code pages) say why too.
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status404NotFound => "there is nothing at this address",
                StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Method} is not allowed here",
                StatusCodes.Status413PayloadTooLarge => $"the body is larger than the {RequestLimits.MaxBodyBytes / 1024 / 1024} MiB allowed",
                StatusCodes.Status415UnsupportedMediaType => "send the body as application/json",
                _ => null,
            };
        });
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();

        services.AddSingleton<KnownKeys>();
        services.AddSingleton<Timeline.Api.Features.Events.KnownActors>();
        // A feed token is read only where a feed is asked for; everywhere else only the Authorization header counts.
        var authentication = services.AddAuthentication(FeedTokenAuthentication.EitherScheme)
            .AddPolicyScheme(FeedTokenAuthentication.EitherScheme, null, o => o.ForwardDefaultSelector = FeedTokenAuthentication.Select)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, FeedTokenAuthentication>(FeedTokenAuthentication.SchemeName, null);
        // People sign in with the organisation's identity provider when Timeline:Oidc:Authority is set.
        builder.AddTimelineSignIn(authentication);
        services.AddHttpContextAccessor();
        services.AddScoped<Timeline.Api.Features.Audit.AuditLog>();
        services.AddOptions<FeedTokenLimits>().Bind(builder.Configuration.GetSection("Timeline:Limits"))
            .Validate(o => o.FeedTokensPerKey > 0, $"{FeedTokenLimits.Setting} must be more than 0")
            .ValidateOnStart();
        services.AddAuthorization(Policies.Add);
        services.AddRateLimits(builder.Configuration);
        services.AddOptions<ConcurrencyOptions>().Bind(builder.Configuration.GetSection("Timeline:Concurrency"))
            .Validate(o => o.Streams.IsValid && o.Imports.IsValid, "Timeline:Concurrency: PerKey and Overall must be more than 0 for Streams and Imports")
            .ValidateOnStart();
        services.AddSingleton<ConcurrencyCaps>();

        services.AddOptions<ReadinessOptions>().Bind(builder.Configuration.GetSection("Timeline:Readiness"))
            .Validate(o => o.IntervalSeconds > 0, "Timeline:Readiness:IntervalSeconds must be more than 0").ValidateOnStart();
        services.AddSingleton<InstanceSession>();
        services.AddHostedService(sp => sp.GetRequiredService<InstanceSession>());
        services.AddSingleton<Readiness>();
        services.AddHostedService(sp => sp.GetRequiredService<Readiness>());
        var health = services.AddHealthChecks().AddCheck<SchemaCurrentCheck>("schema", tags: ["ready"]);
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("TimelineReplica")))
        {
            health.AddCheck<Replica.ReplicaCheck>("replica", tags: ["ready"]);
        }
        services.AddTimelineOpenApi();

        builder.Logging.Configure(o => o.ActivityTrackingOptions = Microsoft.Extensions.Logging.ActivityTrackingOptions.TraceId | Microsoft.Extensions.Logging.ActivityTrackingOptions.SpanId);
        return builder;
    }

    /// <summary>
    /// With <c>ConnectionStrings:TimelineReplica</c>, queries read a streaming replica (see ReadOnReplicaBehaviour); its
    /// connections have the same time limits as the primary's.
    /// </summary>
    private static void AddReplica(WebApplicationBuilder builder, DatabaseOptions database)
    {
        var options = builder.Configuration.GetSection("Timeline:Replica").Get<Replica.ReplicaOptions>() ?? new Replica.ReplicaOptions();
        if (options.MaxWaitMilliseconds < 0 || options.RetryAfterSeconds < 1)
        {
            throw new InvalidOperationException("Timeline:Replica: MaxWaitMilliseconds must be 0 or more, RetryAfterSeconds 1 or more");
        }

        var replica = builder.Configuration.GetConnectionString("TimelineReplica");
        builder.Services.AddScoped<ReadConsistency>();
        builder.Services.AddSingleton(services => new Replica.ReplicaReads(
            string.IsNullOrWhiteSpace(replica) ? null : TimelineDatabase.DataSource(database.Apply(replica)),
            services.GetRequiredService<NpgsqlDataSource>(), options, services.GetRequiredService<ILogger<Replica.ReplicaReads>>()));
    }

    /// <summary>Hangfire on PostgreSQL (schema <c>hangfire</c>), with its own connection pool.</summary>
    private static void AddJobs(WebApplicationBuilder builder, string connectionString)
    {
        var hangfireConnection = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "timeline-jobs", MaxPoolSize = 20 }.ConnectionString;
        // This host's own filters beside Hangfire's global ones (its configuration is process-wide, so a filter added
        // there would be every host's): each job run is measured by this host's instruments.
        builder.Services.AddSingleton<Hangfire.Common.IJobFilterProvider>(services => new Hangfire.Common.JobFilterProviderCollection(
            Hangfire.Common.JobFilterProviders.Providers,
            new Hangfire.Common.JobFilterCollection { new JobTelemetry(services.GetRequiredService<TimelineMetrics>()) }));
        builder.Services.AddHangfire((services, c) => c
            .UseLogProvider(new HangfireLogProvider(services.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(hangfireConnection), new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                // With a schema owner, the owner made it at start (SchemaOwner); this role could not.
                PrepareSchemaIfNecessary = !SchemaOwner.Configured(builder.Configuration),
                QueuePollInterval = TimeSpan.FromSeconds(1),
                // Hangfire's locks are rows (hangfire.lock) that no session owns: a killed instance's stay until they are
                // this old, then the next taker removes them. Every lock taken here is held for well under a second
                // (registering or triggering a recurring job, a batch of expirations), so 10 s is safe, where the
                // default, 10 minutes, kept the jobs and the start-up waiting after a kill -9.
                DistributedLockTimeout = TimeSpan.FromSeconds(10),
                // A job fetched by a killed instance comes back once invisible this long; sliding, the living instance
                // that runs a job keeps renewing it, so a long job is not fetched twice.
                InvisibilityTimeout = TimeSpan.FromSeconds(30),
                UseSlidingInvisibilityTimeout = true,
            }));
        builder.Services.AddHostedService<RecurringJobSchedule>();
        if (builder.Configuration.GetValue("Timeline:RunJobs", true))
        {
            builder.Services.AddHangfireServer(o =>
            {
                o.SchedulePollingInterval = TimeSpan.FromSeconds(builder.Configuration.GetValue("Timeline:SchedulePollingSeconds", 5.0));
                o.WorkerCount = 4;
            });
        }
    }
}
