#include "document.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdint>
#include <vector>

#include "text.h"

namespace gazette {
namespace {

void add_boolean(Xapian::Document& doc, std::string_view prefix, std::string_view value) {
    const std::string clean = to_lower_ascii(trim(value));
    if (!clean.empty()) doc.add_boolean_term(schema::boolean_term(prefix, clean));
}

// Reuters lists several topics as "grain,wheat": each is a filter of its own.
void add_sections(Xapian::Document& doc, std::string_view sections) {
    size_t start = 0;
    while (start <= sections.size()) {
        const size_t comma = std::min(sections.find(',', start), sections.size());
        add_boolean(doc, schema::kSection, sections.substr(start, comma - start));
        start = comma + 1;
    }
}

constexpr uint64_t kFnvBasis = 1469598103934665603ULL, kFnvPrime = 1099511628211ULL;

// A hash of each word, lowercased; bytes past ASCII are part of words, so
// text in other scripts has words too.
std::vector<uint64_t> word_hashes(std::string_view text) {
    std::vector<uint64_t> out;
    uint64_t h = kFnvBasis;
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || u >= 0x80) {
            h = (h ^ static_cast<unsigned char>(std::tolower(u))) * kFnvPrime;
        } else if (h != kFnvBasis) {
            out.push_back(h);
            h = kFnvBasis;
        }
    }
    if (h != kFnvBasis) out.push_back(h);
    return out;
}

uint64_t combine(uint64_t seed, uint64_t value) {
    return (seed ^ value) * kFnvPrime;
}

}  // namespace

std::string duplicate_signature(const Article& article) {
    const std::vector<uint64_t> headline = word_hashes(article.headline);
    if (headline.empty()) return {};
    uint64_t h = kFnvBasis;
    for (uint64_t w : headline) h = combine(h, w);
    // The smallest hash of the body's 4-word shingles: two texts share it with
    // probability equal to their shingle overlap, so near-identical copies
    // (a wire story and its reprint) almost always agree, different stories
    // under one headline almost never do.
    const std::vector<uint64_t> body = word_hashes(article.body);
    uint64_t min_shingle = 0;
    for (size_t i = 0; i + 4 <= body.size(); ++i) {
        const uint64_t s = combine(
            combine(combine(combine(kFnvBasis, body[i]), body[i + 1]), body[i + 2]), body[i + 3]);
        if (i == 0 || s < min_shingle) min_shingle = s;
    }
    return fmt::format("{:016x}{:016x}", h, min_shingle);
}

std::string id_term(std::string_view id) {
    return schema::boolean_term(schema::kId, id);
}

std::string file_term(std::string_view relative_path) {
    return schema::boolean_term(schema::kFile, relative_path);
}

DocumentBuilder::DocumentBuilder(const schema::Weights& weights, const StoredCodec& codec)
    : weights_(weights), codec_(codec) {
    terms_.set_stemmer(Xapian::Stem(schema::kStemLanguage));
    terms_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
}

Xapian::Document DocumentBuilder::build(const Article& article) {
    Xapian::Document doc;
    terms_.set_document(doc);
    // A field boost is a higher wdf in the general text; the prefixed copy
    // serves field searches. The position gaps stop phrases spanning fields.
    terms_.index_text(article.headline, weights_.headline);
    terms_.index_text(article.headline, 1, std::string(schema::kHeadline));
    terms_.increase_termpos(100);
    terms_.index_text(article.byline, weights_.byline);
    terms_.index_text(article.byline, 1, std::string(schema::kByline));
    terms_.increase_termpos(100);
    terms_.index_text(article.body);

    doc.add_boolean_term(id_term(article.id));
    doc.add_value(schema::kIdSlot, article.id);
    doc.add_boolean_term(file_term(article.path));
    add_sections(doc, article.section);
    add_boolean(doc, schema::kSource, article.source);
    add_boolean(doc, schema::kAuthor, article.byline);

    if (article.date.size() == 10) {
        const std::string year = article.date.substr(0, 4);
        doc.add_value(schema::kDateSlot,
                      year + article.date.substr(5, 2) + article.date.substr(8, 2));
        doc.add_value(schema::kYearSlot, year);
        doc.add_boolean_term(std::string(schema::kYear) + year);
    }
    if (const std::string key = duplicate_signature(article); !key.empty())
        doc.add_value(schema::kCollapseSlot, key);
    if (!article.section.empty()) doc.add_value(schema::kSectionSlot, article.section);
    if (!article.byline.empty()) doc.add_value(schema::kBylineSlot, article.byline);
    if (!article.source.empty()) doc.add_value(schema::kSourceSlot, article.source);

    doc.set_data(codec_.encode(article));
    return doc;
}

}  // namespace gazette
