#include "schema.h"

#include <fmt/format.h>
#include <xapian.h>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>

#include "words.h"

namespace gazette::schema {
namespace {

// Xapian's glass backend refuses terms over 245 bytes.
constexpr size_t kMaxTermBytes = 240;

constexpr const char* kVersionKey = "gazette.version";
constexpr const char* kHeadlineWeightKey = "gazette.weight.headline";
constexpr const char* kBylineWeightKey = "gazette.weight.byline";
constexpr const char* kBm25Key = "gazette.bm25";
constexpr const char* kLanguageKey = "gazette.language";

}  // namespace

uint64_t stable_hash(std::string_view text) {
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

std::string stemmed_term(std::string_view prefix, std::string_view stem) {
    std::string term(kStemmed);
    return term.append(prefix).append(stem);
}

std::string boolean_term(std::string_view prefix, std::string_view value) {
    std::string term(prefix);
    if (prefix.size() + value.size() <= kMaxTermBytes) return term.append(value);
    const std::string hash = fmt::format("#{:016x}", stable_hash(value));
    const size_t keep = kMaxTermBytes - prefix.size() - hash.size();
    return term.append(value.substr(0, keep)).append(hash);
}

bool known_language(std::string_view name) {
    if (name == "none") return true;
    // Appended, not "+"-joined: GCC 12 warns wrongly (-Wrestrict) on " " + string.
    std::string all(1, ' '), word(1, ' ');
    all.append(Xapian::Stem::get_available_languages()).push_back(' ');
    word.append(name).push_back(' ');
    return all.find(word) != std::string::npos;
}

std::string known_languages() {
    return Xapian::Stem::get_available_languages() + " none";
}

const Field* find_field(std::string_view name) {
    for (const Field& f : kFields)
        if (words::fold(name) == f.name) return &f;
    return nullptr;
}

std::string filter_term(const Field& field, std::string_view value) {
    const auto begin = value.find_first_not_of(" \t\n");
    const auto end = value.find_last_not_of(" \t\n");
    return boolean_term(field.prefix, begin == std::string_view::npos
                                          ? std::string()
                                          : words::fold(value.substr(begin, end - begin + 1)));
}

std::vector<std::pair<std::string, std::string>> settings_metadata(const Settings& s) {
    return {{kVersionKey, std::to_string(s.version)},
            {kHeadlineWeightKey, std::to_string(s.weights.headline)},
            {kBylineWeightKey, std::to_string(s.weights.byline)},
            {kBm25Key, fmt::format("{},{}", s.bm25.k1, s.bm25.b)},
            {kLanguageKey, s.language}};
}

Settings read_settings(const MetadataGetter& get, bool allow_new) {
    Settings s;
    const std::string version = get(kVersionKey);
    if (version.empty()) {
        if (allow_new) return s;
        throw std::runtime_error(
            "not a Gazette database (no schema version); build one with gazette-index");
    }
    s.version = std::atoi(version.c_str());
    if (s.version != kVersion)
        throw std::runtime_error(fmt::format(
            "database has schema version {} but this gazette reads version {}; rebuild it "
            "with gazette-index --rebuild",
            version, kVersion));
    s.weights.headline = std::atoi(get(kHeadlineWeightKey).c_str());
    s.weights.byline = std::atoi(get(kBylineWeightKey).c_str());
    if (const std::string language = get(kLanguageKey); !language.empty()) s.language = language;
    const std::string bm25 = get(kBm25Key);
    if (const auto comma = bm25.find(','); comma != std::string::npos) {
        s.bm25.k1 = std::atof(bm25.substr(0, comma).c_str());
        s.bm25.b = std::atof(bm25.substr(comma + 1).c_str());
    }
    return s;
}

}  // namespace gazette::schema
