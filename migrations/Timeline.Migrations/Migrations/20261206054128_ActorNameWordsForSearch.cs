using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace Timeline.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ActorNameWordsForSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "words",
                schema: "timeline",
                table: "actor_names",
                type: "tsvector",
                nullable: false)
                .Annotation("Npgsql:TsVectorConfig", "simple")
                .Annotation("Npgsql:TsVectorProperties", new[] { "key", "sound" });

            migrationBuilder.CreateTable(
                name: "actor_name_words",
                schema: "timeline",
                columns: table => new
                {
                    word = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_actor_name_words", x => x.word);
                });

            migrationBuilder.CreateIndex(
                name: "ix_actor_names_words",
                schema: "timeline",
                table: "actor_names",
                column: "words")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_actor_name_words_word",
                schema: "timeline",
                table: "actor_name_words",
                column: "word")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            // The words of every name's key and sound, kept by the names' inserts and updates (COPY included), one statement
            // at a time; filled now from the names there are.
            migrationBuilder.Sql("""
                CREATE FUNCTION timeline.actor_name_words_keep() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO timeline.actor_name_words (word)
                    SELECT DISTINCT w FROM new_names n, string_to_table(n.key || ' ' || n.sound, ' ') w WHERE w <> ''
                    ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER actor_name_words_on_insert AFTER INSERT ON timeline.actor_names
                    REFERENCING NEW TABLE AS new_names FOR EACH STATEMENT EXECUTE FUNCTION timeline.actor_name_words_keep();
                CREATE TRIGGER actor_name_words_on_update AFTER UPDATE ON timeline.actor_names
                    REFERENCING NEW TABLE AS new_names FOR EACH STATEMENT EXECUTE FUNCTION timeline.actor_name_words_keep();
                INSERT INTO timeline.actor_name_words (word)
                SELECT DISTINCT w FROM timeline.actor_names n, string_to_table(n.key || ' ' || n.sound, ' ') w WHERE w <> ''
                ON CONFLICT DO NOTHING;
                """);

            // A query's words as a text search query on the names' words: every word of the query, each as written, as it
            // sounds, or as a recorded word spelt alike (trigram similarity of at least 0.4) or begun by it or by its sound. The threshold
            // is the function's own; so is the index scan of the word list, whose few thousand short rows the planner
            // would otherwise read whole, computing a similarity for each (the operator's cost is not declared).
            migrationBuilder.Sql("""
                SELECT similarity('a', 'a'); -- loads pg_trgm, whose threshold the function sets
                CREATE FUNCTION timeline.actor_name_words_query(query_words text[], query_sounds text[]) RETURNS tsquery
                LANGUAGE sql STABLE PARALLEL SAFE
                SET pg_trgm.similarity_threshold = 0.4
                SET enable_seqscan = off
                AS $$
                    SELECT to_tsquery('simple', string_agg('(' || alternatives || ')', ' & ' ORDER BY i))
                    FROM (
                        SELECT q.i, string_agg(DISTINCT quote_literal(t.word), ' | ') AS alternatives
                        FROM unnest(query_words, query_sounds) WITH ORDINALITY q(word, sound, i)
                        CROSS JOIN LATERAL (
                            SELECT q.word UNION SELECT q.sound
                            UNION SELECT w.word::text FROM timeline.actor_name_words w
                                  WHERE w.word % q.word OR w.word % q.sound OR w.word LIKE q.word || '%' OR w.word LIKE q.sound || '%'
                        ) t(word)
                        WHERE q.word <> ''
                        GROUP BY q.i
                    ) a
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION timeline.actor_name_words_query(text[], text[]);
                DROP TRIGGER actor_name_words_on_insert ON timeline.actor_names;
                DROP TRIGGER actor_name_words_on_update ON timeline.actor_names;
                DROP FUNCTION timeline.actor_name_words_keep();
                """);

            migrationBuilder.DropTable(
                name: "actor_name_words",
                schema: "timeline");

            migrationBuilder.DropIndex(
                name: "ix_actor_names_words",
                schema: "timeline",
                table: "actor_names");

            migrationBuilder.DropColumn(
                name: "words",
                schema: "timeline",
                table: "actor_names");
        }
    }
}
