#include "document.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iterator>
#include <vector>

#include "text.h"
#include "words.h"

namespace gazette {
namespace {

void add_filter(Xapian::Document& doc, const schema::Field& field, std::string_view value) {
    if (value.find_first_not_of(" \t\n") != std::string_view::npos)
        doc.add_boolean_term(schema::filter_term(field, value));
}

// Reuters lists several topics as "grain,wheat": each is a filter of its own.
void add_filters(Xapian::Document& doc, const schema::Field& field, std::string_view value) {
    if (!field.lists) return add_filter(doc, field, value);
    size_t start = 0;
    while (start <= value.size()) {
        const size_t comma = std::min(value.find(',', start), value.size());
        add_filter(doc, field, value.substr(start, comma - start));
        start = comma + 1;
    }
}

// TermGenerator's own limit on the length of a word.
constexpr size_t kMaxWordBytes = 64;

// A form of a word that TermGenerator does not index, weighed as index_text
// would weigh the word: `wdf` in the general text, and once more under a
// field's prefix if one is given; stemmed too unless `stem_form` is "".
// Without positions: phrases match the words as written.
void add_form(Xapian::Document& doc, const std::string& form, const std::string& stem_form,
              Xapian::termcount wdf, const std::string& field) {
    auto add = [&](const std::string& prefix, Xapian::termcount n) {
        doc.add_term(prefix + form, n);
        if (!stem_form.empty()) doc.add_term(schema::stemmed_term(prefix, stem_form), n);
    };
    add("", wdf);
    if (!field.empty()) add(field, 1);
}

// A word written with accents also gets its exact form as a term, so that a
// query typed with the accents ranks it a little above its plain spellings
// (every spelling of the word matches through its searchable form).
void add_accented_form(Xapian::Document& doc, std::string_view word) {
    std::string exact;
    for (Xapian::Utf8Iterator it(word.data(), word.size()); it != Xapian::Utf8Iterator(); ++it)
        Xapian::Unicode::append_utf8(exact, Xapian::Unicode::tolower(*it));
    if (exact != words::fold(word)) doc.add_term(exact, 0);
}

// An acronym's plural also gets the acronym as a term (words.h: "MPs" -> mp),
// stemmed as TermGenerator stems, unless the stemmer already gives it
// ("CEOs").
void add_acronym(Xapian::Document& doc, std::string_view plural, std::string_view acronym,
                 const Xapian::Stem& stem, Xapian::termcount wdf, const std::string& field) {
    const std::string form = words::fold(acronym);
    const std::string stem_form = stem.is_none() ? "" : stem(form);
    if (!stem_form.empty() && stem_form == stem(words::fold(plural))) return;
    add_form(doc, form, stem_form, wdf, field);
}

// The forms of single words a reader may type that TermGenerator does not
// index: a word's accented form and an acronym's plural's acronym.
void add_word_forms(Xapian::Document& doc, std::string_view text, const Xapian::Stem& stem,
                    Xapian::termcount wdf, const std::string& field = "") {
    for (const auto& [begin, end] : words::split(text)) {
        const std::string_view word = text.substr(begin, end - begin);
        if (word.size() > kMaxWordBytes) continue;  // too long to be a word: TermGenerator skips it
        if (!std::all_of(word.begin(), word.end(), [](char c) { return c >= 0; }))
            add_accented_form(doc, word);
        else if (const std::string_view acronym = words::acronym_of_plural(word); !acronym.empty())
            add_acronym(doc, word, acronym, stem, wdf, field);
    }
}

// A compound also gets its joined form as a term ("cease-fire" ->
// ceasefire, "O'Brien" -> obrien: words.h), stemmed as TermGenerator stems
// (not a number), so that the form a reader types without the hyphen finds
// it.
void add_joined_forms(Xapian::Document& doc, std::string_view text, const Xapian::Stem& stem,
                      Xapian::termcount wdf, const std::string& field = "") {
    for (const words::Joined& j : words::joined(text)) {
        const bool stemmed =
            !stem.is_none() && !std::isdigit(static_cast<unsigned char>(j.form[0]));
        add_form(doc, j.form, stemmed ? stem(j.form) : "", wdf, field);
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

// A permutation of 64-bit values (splitmix64's finaliser), one a seed.
uint64_t permuted(uint64_t value, uint64_t seed) {
    uint64_t x = value ^ seed;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

constexpr uint64_t kMinHashSeeds[] = {0x9e3779b97f4a7c15ULL, 0x632be59bd9b4e019ULL,
                                      0x8cb92ba72f3d8dd7ULL, 0xd6e8feb86659fd93ULL};

}  // namespace

std::string duplicate_signature(const Article& article) {
    const std::vector<uint64_t> headline = word_hashes(article.headline);
    if (headline.empty()) return {};
    uint64_t h = kFnvBasis;
    for (uint64_t w : headline) h = combine(h, w);
    // The smallest hash of the body's 4-word shingles under each of four
    // permutations. Two texts share one such minimum with probability equal
    // to their shingle overlap J, and all four with J^4: near-identical
    // copies (a wire story and its reprint, J near 1) almost always agree,
    // where one minimum also folded a reply into the post it quotes under the
    // same headline (J 0.3-0.5: over half of the copies folded in newsmix).
    const std::vector<uint64_t> body = word_hashes(article.body);
    uint64_t mins[std::size(kMinHashSeeds)];
    std::fill(std::begin(mins), std::end(mins), ~uint64_t{0});
    for (size_t i = 0; i + 4 <= body.size(); ++i) {
        const uint64_t s = combine(
            combine(combine(combine(kFnvBasis, body[i]), body[i + 1]), body[i + 2]), body[i + 3]);
        for (size_t k = 0; k < std::size(kMinHashSeeds); ++k)
            mins[k] = std::min(mins[k], permuted(s, kMinHashSeeds[k]));
    }
    uint64_t text = 0;  // no shingle: the headline alone tells
    if (body.size() >= 4) {
        text = kFnvBasis;
        for (const uint64_t m : mins) text = combine(text, m);
    }
    return fmt::format("{:016x}{:016x}", h, text);
}

std::string id_term(std::string_view id) {
    return schema::boolean_term(schema::kId, id);
}

std::string file_term(std::string_view relative_path) {
    return schema::boolean_term(schema::kFile, relative_path);
}

DocumentBuilder::DocumentBuilder(const schema::Settings& settings, const StoredCodec& codec)
    : weights_(settings.weights), codec_(codec), stem_(settings.language) {
    terms_.set_stemmer(stem_);
    terms_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    terms_.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
}

Xapian::Document DocumentBuilder::build(const Article& article) {
    Xapian::Document doc;
    terms_.set_document(doc);
    // Words are indexed in their searchable form (words.h). A field boost is
    // a higher wdf in the general text; the prefixed copy serves field
    // searches. The position gaps stop phrases spanning fields.
    const std::string headline = words::searchable(article.headline);
    const std::string byline = words::searchable(article.byline);
    terms_.index_text(headline, weights_.headline);
    terms_.index_text(headline, 1, std::string(schema::kHeadline));
    terms_.increase_termpos(100);
    terms_.index_text(byline, weights_.byline);
    terms_.index_text(byline, 1, std::string(schema::kByline));
    terms_.increase_termpos(100);
    terms_.index_text(words::searchable(article.body));
    add_word_forms(doc, article.headline, stem_, weights_.headline, std::string(schema::kHeadline));
    add_word_forms(doc, article.byline, stem_, weights_.byline, std::string(schema::kByline));
    add_word_forms(doc, article.body, stem_, 1);
    add_joined_forms(doc, article.headline, stem_, weights_.headline,
                     std::string(schema::kHeadline));
    add_joined_forms(doc, article.byline, stem_, weights_.byline, std::string(schema::kByline));
    add_joined_forms(doc, article.body, stem_, 1);

    doc.add_boolean_term(id_term(article.id));
    doc.add_value(schema::kIdSlot, article.id);
    doc.add_boolean_term(file_term(article.path));
    const std::string year = article.date.size() == 10 ? article.date.substr(0, 4) : "";
    if (!year.empty())
        doc.add_value(schema::kDateSlot,
                      year + article.date.substr(5, 2) + article.date.substr(8, 2));
    for (const schema::Field& field : schema::kFields) {
        const std::string& value = field.from ? article.*field.from : year;
        if (value.empty()) continue;
        add_filters(doc, field, value);
        doc.add_value(field.slot, value);
    }
    if (const std::string key = duplicate_signature(article); !key.empty())
        doc.add_value(schema::kCollapseSlot, key);

    doc.set_data(codec_.encode(article));
    // The generator keeps a handle on the document it indexed into. Documents
    // go to the writer's thread, and Xapian counts a document's handles
    // without atomics: a handle left here raced the writer's (a flaky
    // SIGSEGV in Xapian's add_document under test_indexer).
    terms_.set_document(Xapian::Document());
    return doc;
}

}  // namespace gazette
