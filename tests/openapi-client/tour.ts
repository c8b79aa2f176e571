// The curl tour of docs/TOUR.md, step by step and in order, through a client generated from the API's OpenAPI document:
// openapi-typescript writes generated/schema.d.ts from /openapi/v1.json, tsc checks this file against it (so a
// parameter, header, body or answer the document gets wrong fails to compile), and openapi-fetch sends the requests.
// TIMELINE_API is the API's address, TIMELINE_ADMIN_KEY its admin key. Exits non-zero, naming the step, on a failure.
import createClient from "openapi-fetch";
import type { paths } from "./generated/schema.js";

const api = process.env.TIMELINE_API ?? fail("set TIMELINE_API");
const adminKey = process.env.TIMELINE_ADMIN_KEY ?? fail("set TIMELINE_ADMIN_KEY");
const run = Date.now().toString();
const client = (key: string) => createClient<paths>({ baseUrl: api, headers: { Authorization: `Bearer ${key}` } });

let current = "start";
function fail(message: string): never {
  throw new Error(message);
}
function expect(condition: unknown, what: string): asserts condition {
  if (!condition) fail(`${current}: expected ${what}`);
}
/** The status, and the body when it is not the one expected, so a failure says what the API answered. */
function status(response: Response, expected: number, body: unknown) {
  expect(response.status === expected, `HTTP ${expected}, got ${response.status}: ${JSON.stringify(body)}`);
}
function step(name: string) {
  current = name;
  console.log(`tour: ${name}`);
}
/** The JSON form of an answer that may also come as text (the change log's NDJSON). */
function json<T>(data: T | string | undefined): T {
  expect(data !== undefined && typeof data !== "string", "a JSON answer");
  return data as T;
}
async function until<T>(what: string, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = await attempt();
    if (found !== undefined) return found;
    expect(Date.now() < deadline, `${what} within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const admin = client(adminKey);

step("a key for an analyst who records events");
const created = await admin.POST("/api/keys", { body: { name: `analyst-${run}`, role: "editor" } });
status(created.response, 201, created.error);
expect(created.data?.key.startsWith("tl_"), "the key, shown once");
const editor = client(created.data!.key);

step("record an event, with an Idempotency-Key");
const event = {
  title: "North Korean troops seen near Kursk",
  summary: "Ukrainian intelligence reports DPRK units moving to the front.",
  occurred: "2024-11-04?",
  type: "military.deployment",
  status: "reported",
  actors: ["KP", "RU", "UA"],
  tags: ["troops"],
  sources: [{ url: "https://example.org/report", title: "Units sighted", publisher: "Example News", published: "2024-11-05" }],
};
const idempotent = { params: { header: { "Idempotency-Key": `7f1c2b9e-${run}` } }, body: event };
const recorded = await editor.POST("/api/events", idempotent);
status(recorded.response, 201, recorded.error);
const id = recorded.data!.id;
expect(recorded.response.headers.get("Location") === `/api/events/${id}`, "a Location naming the event");
expect(recorded.response.headers.get("ETag") === '"1"', 'ETag "1"');

step("read it back");
const read = await editor.GET("/api/events/{id}", { params: { path: { id } } });
status(read.response, 200, read.error);
expect(read.data?.title === event.title && read.data.uncertain, "the event as recorded, its date uncertain");
expect(read.response.headers.get("ETag") === '"1"', 'ETag "1"');

step("the same Idempotency-Key and body again: the first answer");
const repeated = await editor.POST("/api/events", idempotent);
status(repeated.response, 201, repeated.error);
expect(repeated.data?.id === id, "the same id");
expect(repeated.response.headers.get("Idempotent-Replayed") === "true", "Idempotent-Replayed: true");

step("the timeline: North Korea's military events overlapping 2024");
const military = await editor.GET("/api/timeline", { params: { query: { actor: ["KP"], type: ["military.*"], from: "2024", to: "2024" } } });
status(military.response, 200, military.error);
expect(military.data?.items.some((e) => e.id === id), "the event among them");
expect(military.data!.items.every((e) => e.actors.includes("KP") && e.type.startsWith("military.")), "only KP's military events");

step("full text, newest first, 10 a page");
const text = await editor.GET("/api/timeline", { params: { query: { q: "satellite", order: "desc", limit: 10 } } });
status(text.response, 200, text.error);
expect(text.data && text.data.items.length <= 10 && "nextCursor" in text.data, "a page of at most 10, with nextCursor");

step("amend with a JSON merge patch and If-Match");
const patch = (ifMatch: string | undefined) =>
  editor.PATCH("/api/events/{id}", {
    params: { path: { id }, header: { "If-Match": ifMatch as string } },
    body: { status: "confirmed" },
    headers: { "Content-Type": "application/merge-patch+json" },
  });
const amended = await patch('"1"');
status(amended.response, 200, amended.error);
expect(amended.data?.status === "confirmed" && Number(amended.data.version) === 2, "confirmed, version 2");
const stale = await patch('"1"');
status(stale.response, 412, stale.data);
expect(stale.error?.status === 412 && stale.error.detail, "a problem that says why");
const withoutIfMatch = await patch(undefined);
status(withoutIfMatch.response, 428, withoutIfMatch.data);

step("retract with a reason; every version is kept");
const retracted = await editor.POST("/api/events/{id}/retraction", {
  params: { path: { id } },
  body: { reason: "source withdrew the report" },
});
status(retracted.response, 200, retracted.error);
expect(retracted.data?.status === "retracted", "status retracted");
const revisions = await editor.GET("/api/events/{id}/revisions", { params: { path: { id } } });
status(revisions.response, 200, revisions.error);
expect(revisions.data?.length === 3, `three versions, got ${JSON.stringify(revisions.data)}`);

step("the timeline as it was recorded when the event was first recorded");
const now = await editor.GET("/api/events/{id}", { params: { path: { id } } });
status(now.response, 200, now.error);
const asOf = await editor.GET("/api/timeline", {
  params: { query: { actor: ["KP"], from: "2024-11", to: "2024-11", asOf: now.data!.recordedAt } },
});
status(asOf.response, 200, asOf.error);
expect(asOf.data?.items.find((e) => e.id === id)?.status === "reported", 'the event as it was then: "reported"');

step("save a timeline and run it");
const slug = `dprk-russia-${run}`;
const saved = await editor.POST("/api/timelines", {
  body: { slug, title: "DPRK–Russia", filter: { actor: ["KP"], type: ["military.*"] } },
});
status(saved.response, 201, saved.error);
expect(saved.data?.slug === slug, "the slug");
const ran = await editor.GET("/api/timelines/{slug}/events", { params: { path: { slug } } });
status(ran.response, 200, ran.error);
expect(ran.data?.items.every((e) => e.actors.includes("KP")), "only KP's events");

step("import NDJSON, keeping the good lines");
const lines = [
  { externalId: "tour-1", title: "Russia ratifies the treaty with North Korea", occurred: "2024-11-09", type: "treaty.signed",
    actors: ["RU", "KP"], sources: [{ url: "https://example.org/ratified", title: "Treaty ratified" }] },
  { externalId: "tour-2", title: "A date in a season", occurred: "2024-21", type: "statement", actors: ["KP"],
    sources: [{ url: "https://example.org/season", title: "Season" }] },
];
const imported = await editor.POST("/api/events/import", {
  params: { query: { mode: "partial" } },
  body: lines[0],
  bodySerializer: () => lines.map((l) => JSON.stringify(l)).join("\n"),
  headers: { "Content-Type": "application/x-ndjson" },
});
status(imported.response, 200, imported.error);
expect(Number(imported.data?.imported) === 1 && Number(imported.data?.skipped) === 0, "one imported, none skipped");
expect(Number(imported.data?.rejectedCount) === 1 && Number(imported.data?.rejected[0]?.line) === 2
  && imported.data?.rejected[0]?.errors["occurred"]?.length, "line 2 rejected for its date");

// Alerts
step("follow the saved timeline, without a webhook");
const sub = await editor.POST("/api/subscriptions", { body: { name: "dprk-russia", timeline: slug } });
status(sub.response, 201, sub.error);
const subId = sub.data!.id;

step("or a filter, with a webhook; its secret is shown once");
const hook = await editor.POST("/api/subscriptions", {
  body: {
    name: "dprk-military", filter: { actor: ["KP"], type: ["military.*"] },
    kinds: ["event.recorded", "event.amended", "followup.overdue"], webhookUrl: "http://203.0.113.1/timeline",
  },
});
status(hook.response, 201, hook.error);
expect(hook.data?.secret?.startsWith("whsec_"), "a whsec_ secret");
const hookId = hook.data!.id;

step("an event both match");
const clash = await editor.POST("/api/events", {
  body: {
    title: "Ukraine reports first clashes with North Korean troops", occurred: "2024-11-05",
    type: "military.deployment", actors: ["KP", "UA"], sources: [{ url: "https://example.org/clashes", title: "First clashes" }],
  },
});
status(clash.response, 201, clash.error);
const clashId = clash.data!.id;

step("the alerts, newest first");
const alert = await until("an alert for the event", async () => {
  const alerts = await editor.GET("/api/alerts", { params: { query: { subscription: subId } } });
  status(alerts.response, 200, alerts.error);
  return alerts.data?.items.find((a) => a.eventId === clashId);
});
expect(alert.kind === "event.recorded" && alert.subscriptionId === subId, "an event.recorded alert of the subscription");

step("live, as Server-Sent Events from the first");
const abort = new AbortController();
const timer = setTimeout(() => abort.abort(), 5_000);
const stream = await editor.GET("/api/alerts/stream", {
  params: { query: { subscription: subId, lastEventId: "0" } },
  parseAs: "stream",
  signal: abort.signal,
});
status(stream.response, 200, stream.error);
expect(stream.response.headers.get("Content-Type")?.startsWith("text/event-stream"), "text/event-stream");
let events = "";
try {
  const decoder = new TextDecoder();
  for await (const chunk of stream.data as unknown as AsyncIterable<Uint8Array>) {
    events += decoder.decode(chunk, { stream: true });
    if (events.includes(clashId)) break;
  }
} catch (e) {
  if (!abort.signal.aborted) throw e;
} finally {
  clearTimeout(timer);
  abort.abort();
}
expect(events.includes(`id: ${alert.id}`) && events.includes(clashId), `the alert in the stream, got ${JSON.stringify(events.slice(0, 500))}`);

step("as an Atom feed");
const feed = await editor.GET("/api/timelines/{slug}/feed.atom", { params: { path: { slug } }, parseAs: "text" });
status(feed.response, 200, feed.error);
expect(typeof feed.data === "string" && feed.data.includes("<feed") && feed.data.includes(clash.data!.title), "a feed with the event");

step("what was delivered to the webhook");
const deliveryId = await until("a delivery attempt", async () => {
  const log = await editor.GET("/api/subscriptions/{id}/deliveries", { params: { path: { id: hookId } } });
  status(log.response, 200, log.error);
  return log.data?.items[0]?.id;
});
const log = await editor.GET("/api/subscriptions/{id}/deliveries", { params: { path: { id: hookId } } });
status(log.response, 200, log.error);
expect(log.data?.items.some((d) => d.id === deliveryId), "the attempt in the log");

step("a replay of that delivery's alert; then the subscription goes");
const replay = await editor.POST("/api/subscriptions/{id}/deliveries/{deliveryId}/redelivery", {
  params: { path: { id: hookId, deliveryId } },
});
status(replay.response, 202, replay.error);
const deleted = await editor.DELETE("/api/subscriptions/{id}", { params: { path: { id: hookId } } });
status(deleted.response, 204, deleted.error);

// The change log
step("the change log from the beginning, 100 at a time");
const first = await editor.GET("/api/changes", { params: { query: { limit: 100 } } });
status(first.response, 200, first.error);
expect(json(first.data).items.some((c) => c.entity === "event" && c.id === id), "the event's changes");
const again = await editor.GET("/api/changes", { params: { query: { limit: 100 } } });
status(again.response, 200, again.error);
const cursor = json(again.data).nextCursor;
expect(cursor, "a nextCursor");
const after = await editor.GET("/api/changes", { params: { query: { after: cursor, types: "event,followUp" } } });
status(after.response, 200, after.error);
const newer = json(after.data);
expect(newer.items.every((c) => c.entity === "event" || c.entity === "followUp") && newer.nextCursor, "only events and follow-ups, and a nextCursor");

step("the last hour as one NDJSON stream");
const since = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
const ndjson = await editor.GET("/api/changes", {
  params: { query: { since } },
  headers: { Accept: "application/x-ndjson" },
  parseAs: "text",
});
status(ndjson.response, 200, ndjson.error);
const changes = (ndjson.data as unknown as string).trim().split("\n").map((l) => JSON.parse(l) as { entity: string; id: string });
expect(changes.some((c) => c.entity === "event" && c.id === clashId), "the last event among the changes");

console.log("tour: done");
