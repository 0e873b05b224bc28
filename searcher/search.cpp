#include "search.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "facets.h"
#include "query.h"
#include "ranking.h"
#include "snippet.h"
#include "spelling.h"
#include "text.h"
#include "timeline.h"
#include "window.h"

namespace gazette {
namespace {

constexpr Xapian::termcount kExpansionTerms = 5;
constexpr Xapian::termcount kLikeTerms = 25;
constexpr double kExpansionWeight = 0.25;
constexpr double kRecencyWeight = 2.0;  // the most a brand-new article gains

// Relevance order is Xapian's own; its ties are broken by id in top_hits.
// Articles without a date sort last either way: they read as the oldest
// possible date going newest-first and as the newest possible going oldest-first.
void apply_sort(Xapian::Enquire& enquire, SortOrder sort, Xapian::MultiValueKeyMaker& keys) {
    if (sort == SortOrder::kRelevance) return;
    const bool newest = sort == SortOrder::kNewest;
    keys.add_value(schema::kDateSlot, newest, newest ? "" : "99999999");
    keys.add_value(schema::kIdSlot);
    enquire.set_sort_by_key_then_relevance(&keys, false);
}

int days_since_epoch(const std::string& yyyymmdd) {
    using namespace std::chrono;
    const year_month_day ymd{year{std::stoi(yyyymmdd.substr(0, 4))},
                             month{static_cast<unsigned>(std::stoi(yyyymmdd.substr(4, 2)))},
                             day{static_cast<unsigned>(std::stoi(yyyymmdd.substr(6, 2)))}};
    return sys_days(ymd).time_since_epoch().count();
}

// Adds to each dated article a weight that halves every half_life days back
// from the newest article in the database.
class RecencySource : public Xapian::ValuePostingSource {
  public:
    RecencySource(double half_life_days, int newest_day)
        : ValuePostingSource(schema::kDateSlot), half_life_(half_life_days), newest_(newest_day) {
        set_maxweight(kRecencyWeight);
    }
    double get_weight() const override {
        const std::string value = get_value();
        if (value.size() != 8) return 0;
        const double age = std::max(0, newest_ - days_since_epoch(value));
        return kRecencyWeight * std::exp2(-age / half_life_);
    }
    RecencySource* clone() const override { return new RecencySource(half_life_, newest_); }
    std::string name() const override { return "gazette::RecencySource"; }

  private:
    double half_life_;
    int newest_;
};

// Expansion terms are plain words: no prefixed, boolean or stemmed terms.
struct PlainWords : Xapian::ExpandDecider {
    bool operator()(const std::string& term) const override {
        return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z') && term.size() > 2 &&
               !std::isdigit(static_cast<unsigned char>(term[0]));
    }
};

// For --like: plain words that some other article has too. A word only the
// article itself holds weighs most in its ESet and finds nothing else: an
// article of such words (on a small archive, most) had no similar articles.
struct SharedPlainWords : PlainWords {
    explicit SharedPlainWords(const Xapian::Database& db) : db_(db) {}
    bool operator()(const std::string& term) const override {
        return PlainWords::operator()(term) && db_.get_termfreq(term) > 1;
    }
    const Xapian::Database& db_;
};

Xapian::Query terms_query(const Xapian::ESet& eset) {
    std::vector<Xapian::Query> terms;
    for (auto it = eset.begin(); it != eset.end(); ++it) terms.emplace_back(*it);
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace

Searcher::Searcher(const std::vector<std::string>& locations, bool allow_partial)
    : locations_(locations),
      allow_partial_(allow_partial),
      db_(open_readable(locations, allow_partial)) {}

SearchResults Searcher::search(const SearchRequest& request) {
    try {
        return run(request);
    } catch (const Xapian::DatabaseModifiedError&) {
        // An indexer committed while we read: reopen at the new revision.
        db_.db.reopen();
        return run(request);
    } catch (const Xapian::NetworkError&) {
        if (!allow_partial_) throw;
        // A remote shard went away since it was opened: search the others,
        // the results marked partial.
        db_ = open_readable(locations_, true);
        return run(request);
    }
}

std::optional<ArticleView> Searcher::article(const std::string& id, const std::string& query) {
    const std::string term = schema::boolean_term(schema::kId, id);
    Xapian::PostingIterator it = db_.db.postlist_begin(term);
    if (it == db_.db.postlist_end(term)) return std::nullopt;
    ArticleView view{db_.codec->decode(db_.db.get_document(*it).get_data()), {}, {}};
    HighlightTerms terms;
    if (!query.empty()) {
        QueryBuilder builder(db_.db, db_.settings.language);
        terms = highlight_terms(builder.parse(query), query);
    }
    const Highlighter highlighter(std::move(terms), Xapian::Stem(db_.settings.language));
    view.headline = highlighter.mark(view.article.headline);
    view.body_bytes = view.article.body.size();
    for (const std::string_view paragraph :
         paragraphs(utf8_prefix(view.article.body, kMaxViewBytes)))
        view.paragraphs.push_back(highlighter.mark(paragraph));
    return view;
}

Xapian::Query Searcher::like_query(const std::string& id) {
    const std::string term = schema::boolean_term(schema::kId, id);
    Xapian::PostingIterator it = db_.db.postlist_begin(term);
    if (it == db_.db.postlist_end(term)) throw QueryError("no article with id '" + id + "'");
    Xapian::RSet rset;
    rset.add_document(*it);
    Xapian::Enquire enquire(db_.db);
    const SharedPlainWords shared(db_.db);
    const Xapian::Query like = terms_query(enquire.get_eset(kLikeTerms, rset, &shared));
    return Xapian::Query(Xapian::Query::OP_AND_NOT, like, Xapian::Query(term));
}

// Pseudo-relevance feedback: the strongest words of the top documents join
// the query at a lower weight.
Xapian::Query Searcher::expanded(const Xapian::Query& query, Xapian::Enquire& enquire,
                                 unsigned top) {
    const Xapian::MSet first = enquire.get_mset(0, top);
    Xapian::RSet rset;
    for (auto it = first.begin(); it != first.end(); ++it) rset.add_document(*it);
    if (rset.empty()) return query;
    const PlainWords plain;
    const Xapian::Query extra = terms_query(enquire.get_eset(kExpansionTerms, rset, &plain));
    return Xapian::Query(Xapian::Query::OP_OR, query,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, extra, kExpansionWeight));
}

// BM25 with the database's parameters (or the request's), unless IneB2 is asked for.
void Searcher::set_weighting(Xapian::Enquire& enquire, const SearchRequest& request) const {
    if (request.ranking == Ranking::kIneB2)
        enquire.set_weighting_scheme(Xapian::IneB2Weight(schema::kIneB2C));
    else
        enquire.set_weighting_scheme(
            Xapian::BM25Weight(request.k1.value_or(db_.settings.bm25.k1), 0, 1,
                               request.b.value_or(db_.settings.bm25.b), 0.5));
}

// The query with a recency bonus counted from the newest dated article.
Xapian::Query Searcher::with_recency(const Xapian::Query& query,
                                     const SearchRequest& request) const {
    const std::string newest = db_.db.get_value_upper_bound(schema::kDateSlot);
    if (newest.size() != 8) return query;  // nothing is dated
    auto* source = new RecencySource(*request.recency_half_life_days, days_since_epoch(newest));
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(source->release()));
}

SearchResults Searcher::run(const SearchRequest& request) {
    SearchResults results;
    results.query = request.query;
    results.like = request.like_id;
    results.offset = request.offset;
    results.limit = request.limit;
    results.missing_shards = db_.missing;

    QueryBuilder builder(db_.db, db_.settings.language);
    SearchRequest effective = request;
    if (!request.query.empty() && request.like_id.empty()) {
        results.suggestion = spelling_suggestion(db_.db, request.query);
        if (request.correct && !results.suggestion.empty()) {
            effective.query = results.suggestion;
            results.corrected = results.suggestion;
        }
    }
    Xapian::Query query =
        request.like_id.empty() ? builder.build(effective) : like_query(request.like_id);
    // With --like, a query and filters narrow the similar articles down.
    if (!request.like_id.empty() && (!effective.query.empty() || !effective.filters.empty()))
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, builder.build(effective));

    const bool gazette = request.ranking == Ranking::kGazette;
    if (gazette) query = weigh_burstiness(query, db_.db, request.burstiness);

    Xapian::Enquire enquire(db_.db);
    set_weighting(enquire, request);
    enquire.set_query(query);
    if (request.expand > 0) {
        query = expanded(query, enquire, request.expand);
        enquire.set_query(query);
    }
    if (request.recency_half_life_days) enquire.set_query(with_recency(query, request));
    Xapian::MultiValueKeyMaker keys;
    apply_sort(enquire, request.sort, keys);

    FacetCounter facets(request.facets, request.collapse, db_.remote);
    TimelineCounter timeline(request.collapse, db_.remote);
    // Facets and the timeline count a sample of at most facet_sample matches: past it, counts
    // are scaled to the estimated total and marked approximate, so a common
    // word costs the same at a million articles as at twenty thousand.
    const Xapian::doccount check_at_least =
        request.facets.empty() && !request.timeline
            ? 0
            : static_cast<Xapian::doccount>(request.facet_sample);
    // Coordination reorders the top hits, so they are all fetched.
    const bool coordinate_top = gazette && request.sort == SortOrder::kRelevance &&
                                !request.recency_half_life_days && request.like_id.empty() &&
                                request.offset < request.coordination_depth;
    const Xapian::doccount depth = coordinate_top ? request.coordination_depth : 0;
    WindowOptions options;
    options.count = std::max<Xapian::doccount>(depth, request.offset + request.limit);
    options.check_at_least = check_at_least;
    options.remote = db_.remote;
    if (request.collapse) options.fold = schema::kCollapseSlot;
    // Ids break ties in score the same way on any sharding (document numbers differ).
    if (request.sort == SortOrder::kRelevance) options.ties_by = schema::kIdSlot;
    options.before_run = [&](Xapian::Enquire& e) {
        e.clear_matchspies();
        facets.attach(e);
        if (request.timeline) timeline.attach(e);
    };
    Window window = top_hits(db_.db, enquire, options);
    const Xapian::MSet& mset = window.mset;
    coordinate(window.hits, db_.db, enquire, mset, builder.words(), depth, request.coordination,
               db_.remote);

    const Highlighter highlighter(highlight_terms(enquire.get_query(), effective.query),
                                  Xapian::Stem(db_.settings.language));
    const SnippetMaker snippets(highlighter);
    results.total = window.estimated;
    results.total_exact = window.exact;
    const std::vector<Ranked>& hits = window.hits;
    const size_t end = std::min<size_t>(hits.size(), request.offset + request.limit);
    for (size_t i = request.offset; i < end; ++i) {
        const Xapian::MSetIterator it = mset[hits[i].index];
        const Article a = db_.codec->decode(it.get_document().get_data());
        results.hits.push_back(
            {i + 1, a.id, a.source_id, a.path, a.headline, a.byline, a.date, a.section, a.source,
             a.url, hits[i].score,
             request.snippet_chars ? snippets.make(a.body, request.snippet_chars) : Snippet{},
             hits[i].copies, highlighter.mark(a.headline)});
    }
    results.facets = facets.facets(check_at_least, mset, window.estimated);
    if (request.timeline)
        results.timeline = timeline.timeline(check_at_least, mset, window.estimated);
    return results;
}

}  // namespace gazette
