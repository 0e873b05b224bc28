#include "env.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace gazette {
namespace {

class XapianSink : public DatabaseSink {
  public:
    // Everything happens inside a transaction: Xapian commits pending changes
    // when a database is closed, but cancels an open transaction, so an error
    // half-way through a batch leaves the last commit as it was.
    XapianSink(const std::string& path, bool scratch)
        : db_(path, Xapian::DB_CREATE_OR_OPEN | (scratch ? Xapian::DB_NO_SYNC : 0)) {
        db_.begin_transaction();
    }

    void replace(const std::string& id_term, const Xapian::Document& doc) override {
        db_.replace_document(id_term, doc);
    }
    Xapian::docid add(const Xapian::Document& doc) override { return db_.add_document(doc); }
    void delete_all(const std::string& term) override { db_.delete_document(term); }
    void set_metadata(const std::string& key, const std::string& value) override {
        db_.set_metadata(key, value);
    }
    std::string get_metadata(const std::string& key) const override {
        return db_.get_metadata(key);
    }
    std::vector<std::string> metadata_keys(const std::string& prefix) const override {
        std::vector<std::string> keys;
        for (auto it = db_.metadata_keys_begin(prefix); it != db_.metadata_keys_end(prefix); ++it)
            keys.push_back(*it);
        return keys;
    }
    Xapian::doccount doc_count() const override { return db_.get_doccount(); }
    void commit() override {
        db_.commit_transaction();
        db_.begin_transaction();
    }

  private:
    Xapian::WritableDatabase db_;
};

}  // namespace

std::string Env::read_file(const std::filesystem::path& path, size_t max_bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(fmt::format("cannot open: {}", std::strerror(errno)));
    std::string data;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        data.append(buffer, in.gcount());
        if (data.size() > max_bytes)
            throw std::runtime_error(fmt::format("larger than the {} byte limit", max_bytes));
    }
    if (in.bad()) throw std::runtime_error(fmt::format("read failed: {}", std::strerror(errno)));
    return data;
}

std::unique_ptr<DatabaseSink> Env::open_database(const std::string& path, bool scratch) {
    return std::make_unique<XapianSink>(path, scratch);
}

Env& default_env() {
    static Env env;
    return env;
}

}  // namespace gazette
