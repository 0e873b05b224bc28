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

namespace gazette::schema {

// Bump when terms, values or the stored-data layout change: a database written
// with another version must be rebuilt.
// Version 3: ids start with the root's name (see indexer/roots.h), articles
// keep their source's own id, file records know ctime and inode.
inline constexpr int kVersion = 3;

inline constexpr const char* kStemLanguage = "english";

// Free-text prefixes (searchable words of one field).
inline constexpr std::string_view kHeadline = "S";
inline constexpr std::string_view kByline = "A";
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

// How strongly headline and byline words count against body words: their
// within-document frequency is multiplied by these, which is how BM25 sees a
// field boost.
struct Weights {
    unsigned headline = 3;
    unsigned byline = 2;

    bool operator==(const Weights&) const = default;
};

// Default ranking: IneB2, a divergence-from-randomness model, with this length
// normalisation. It beat every BM25 setting on all four judged collections
// (docs/evaluation.md). --bm25 K1,B ranks by BM25 instead.
inline constexpr double kIneB2C = 0.5;

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
