// The index schema: the single source of truth for term prefixes, value slots,
// field weights, stemming and the metadata a database carries about itself.
// The indexer writes by it and the searcher reads by it; nothing else spells a
// prefix or a slot number.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "article.h"

namespace gazette::schema {

// Bump when terms, values or the stored-data layout change: a database written
// with another version must be rebuilt.
// Version 3: ids start with the root's name (see indexer/roots.h), articles
// keep their source's own id, file records know ctime and inode.
// Version 4: words folded (accents, possessives, elisions), CJK n-grams, exact
// forms indexed, bylines and headlines tidied, the language recorded.
inline constexpr int kVersion = 4;

// The language of a new database: its stemmer and its query stopwords.
inline constexpr const char* kDefaultLanguage = "english";

// A language gazette can stem: the name of one of Xapian's stemmers, or "none".
bool known_language(std::string_view name);
// Every known language, for messages.
std::string known_languages();

// Free-text prefixes (searchable words of one field).
inline constexpr std::string_view kHeadline = "S";
inline constexpr std::string_view kByline = "A";
// Xapian's own mark of a stemmed term, before any field prefix: TermGenerator
// writes "Zharbor" and "ZSharbor", and QueryParser searches them.
inline constexpr std::string_view kStemmed = "Z";
// The term of a stem `stem` in the field of `prefix` ("" for the general text).
std::string stemmed_term(std::string_view prefix, std::string_view stem);
// Boolean prefixes (exact, lowercased values for filters).
inline constexpr std::string_view kId = "Q";
inline constexpr std::string_view kSection = "XSECTION:";
inline constexpr std::string_view kSource = "XSOURCE:";
inline constexpr std::string_view kAuthor = "XAUTHOR:";
inline constexpr std::string_view kYear = "Y";
inline constexpr std::string_view kFile = "XFILE:";  // the source file an article came from

// Value slots. The date is "YYYYMMDD" so string order is date order; the facet
// slots hold display values.
enum Slot : unsigned {
    kDateSlot = 0,
    kCollapseSlot = 1,  // duplicate signature: equal values fold into one hit
    kSectionSlot = 2,
    kBylineSlot = 3,
    kSourceSlot = 4,
    kYearSlot = 5,
    kIdSlot = 6,  // the article id: breaks ties in score the same way on any sharding
};

// The fields articles are filtered and counted by, one table that the query,
// the searcher, the web page and the renderers loop over. `name` is what a
// user writes (`section:sport` in a query, `--section sport`, `section=sport`
// in a URL, a facet name), in any case; values match in any case and accents.
struct Field {
    std::string_view name;
    std::string_view label;   // as the page shows it
    std::string_view prefix;  // of its boolean filter terms
    Slot slot;                // display values, for facets
    // The article's field it comes from (nothing: the year, from the date).
    std::string Article::*from = nullptr;
    bool lists = false;  // a value may list several: "grain,wheat" (Reuters topics)
};
inline constexpr Field kFields[] = {
    {"section", "Section", kSection, kSectionSlot, &Article::section, true},
    {"byline", "Author", kAuthor, kBylineSlot, &Article::byline},
    {"source", "Source", kSource, kSourceSlot, &Article::source},
    {"year", "Year", kYear, kYearSlot},
};
// The field of a name, in any case; nothing for another name.
const Field* find_field(std::string_view name);

// Free-text fields a query may search by name (`headline:budget`), in any case.
// A filter field of the same name (byline) is then a text field in queries:
// `byline:thackwray` searches the byline's words, `--byline` filters exactly.
struct TextField {
    std::string_view name;
    std::string_view prefix;
};
inline constexpr TextField kTextFields[] = {
    {"headline", kHeadline}, {"title", kHeadline}, {"byline", kByline}, {"author", kByline}};

// The range a query may restrict by name: `date:2025-02-01..2025-02-28`.
inline constexpr std::string_view kDateField = "date";

// The filter term of a field's value, the same at index and at query time:
// trimmed, folded (case and accents) by the word model.
std::string filter_term(const Field& field, std::string_view value);

// How strongly headline and byline words count against body words: their
// within-document frequency is multiplied by these, which is how BM25 sees a
// field boost.
struct Weights {
    unsigned headline = 3;
    unsigned byline = 2;

    bool operator==(const Weights&) const = default;
};

// Default ranking (searcher/ranking.h): BM25 with the database's parameters,
// each query word weighted by its burstiness to this power, then the top hits
// reordered with this weight on the share of the query's words they hold.
// Chosen over IneB2 and plain BM25 on every judged collection at once
// (docs/evaluation.md); --ranking bm25 or ineb2 ranks by those instead.
inline constexpr double kBurstiness = 0.2;
inline constexpr double kCoordinationWeight = 0.15;
// Coordination reorders this many top hits: 20 ranks as 30 did (nDCG@10 and
// MRR the same on every judged collection, MAP within 0.0006) and keeps the
// match to fewer hits, 9% faster headline queries (docs/benchmarks.md).
inline constexpr unsigned kCoordinationDepth = 20;
// A word no article holds is searched as its correction one edit away only
// in an archive of at least this many articles; in a smaller one it is only
// suggested. A small archive lacks many real words, and one edit turns them
// into words it holds: on the 44 articles of corpus/, "prime minister" was
// searched as "price minister", "summit" as "submit". On TIME (423 articles)
// correcting lowered MAP even on topics with a typo (0.6596 -> 0.6563); from
// MED's 1,033 articles up it lifts them and costs the topics as written
// nothing (docs/evaluation.md).
inline constexpr unsigned kCorrectFromArticles = 1000;
// Among those top hits, a word written in the exact form typed ("dredging",
// not only "dredged") adds this share of its weight, in a query of at most
// kMaxExactFormWords such words (in a longer one, the other words decide).
inline constexpr double kExactFormWeight = 0.3;
inline constexpr size_t kMaxExactFormWords = 8;
inline constexpr double kIneB2C = 0.5;  // IneB2's length normalisation

// BM25 parameters recorded with the database, used when BM25 is asked for.
struct Bm25 {
    double k1 = 1.2;
    double b = 0.75;
};

// What a database says about how it was built.
struct Settings {
    int version = kVersion;
    Weights weights;
    Bm25 bm25;
    std::string language = kDefaultLanguage;
};

// FNV-1a: the same on every build and platform (unlike std::hash), so ids
// land in the same shard every time.
uint64_t stable_hash(std::string_view text);

// A boolean term of the given prefix; values too long for Xapian's term limit
// keep a readable start and end with a stable hash of the whole.
std::string boolean_term(std::string_view prefix, std::string_view value);

// The metadata entries (key, value) that record the settings in a database.
std::vector<std::pair<std::string, std::string>> settings_metadata(const Settings& settings);

// Reads settings back through a metadata getter. Throws std::runtime_error
// telling the user to rebuild when the database is of another version; an
// empty database (no version) gives the defaults when allow_new is set.
using MetadataGetter = std::function<std::string(const std::string& key)>;
Settings read_settings(const MetadataGetter& get, bool allow_new = false);

// Metadata key holding the zstd dictionary of stored article data.
inline constexpr const char* kDictionaryKey = "gazette.zdict";
// Metadata keys of what the indexer records: one per root (value: its path),
// one per source file (value: see indexer/manifest.h), and how a sharded
// database was split ("hash N" or "year"; "" when it is one database).
inline constexpr std::string_view kRootKeyPrefix = "gazette.root:";
inline constexpr std::string_view kFileKeyPrefix = "gazette.file:";
inline constexpr const char* kShardingKey = "gazette.sharding";
// When the database was last written by gazette-index: ISO 8601, UTC
// ("2025-03-01T12:00:00Z"), set by every run that writes.
inline constexpr const char* kUpdatedKey = "gazette.updated";

}  // namespace gazette::schema
