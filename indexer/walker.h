// Finds the files to index under one root, and says how complete the search
// was: a file missing from a walk is only proof that it is gone when every
// folder on its way was read whole.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "env.h"

namespace gazette {

struct SourceFile {
    std::filesystem::path path;  // to open
    std::string relative;        // inside the root, '/'-separated; "" for a root that is a file
    FileInfo info;               // of the file (a link's target)
};

// Something seen and left alone, with the reason.
struct Skipped {
    std::string path;
    std::string relative;  // inside the root, as SourceFile::relative
    std::string reason;
    // Hidden files, editor backups and the database's own files are left
    // alone by design: counted and listed on request, never warned about.
    bool expected = false;
    // Still there, only not taken (a link leading out of the roots, a FIFO):
    // articles indexed from this path before are kept, as a file that can't
    // be read keeps them. Not so for an expected skip or a dangling link.
    bool there = false;
};

struct WalkResult {
    std::string root_error;               // set when the root itself could not be walked
    bool root_missing = false;            // because it is not there at all
    std::vector<SourceFile> files;        // sorted by relative path: a stable order
    std::vector<std::string> incomplete;  // folders (relative; "" the root) not read whole
    std::vector<Skipped> skipped;
};

struct WalkRules {
    std::vector<std::filesystem::path> excluded;  // never entered (the database's own files)
    // Every root: links pointing inside them are followed, and a root met
    // inside the one walked is left to itself.
    std::vector<std::filesystem::path> roots;
    bool follow_symlinks = false;  // follow every link, folders too
    // The user's choice (--exclude, --include; see glob_matches): files and
    // folders matching an exclude pattern are left alone; when there are
    // include patterns, so are files matching none of them. Both are
    // expected skips: counted, listed with -v.
    std::vector<std::string> exclude, include;
};

// Walks a root (canonical): a folder recursively, or a file as it is. Takes
// regular files, and links to regular files inside the roots; leaves hidden
// files and folders, editor backups, files named as images, PDFs and the
// like (not_an_article, unless --include asks for them), FIFOs, sockets,
// devices, dangling links, links leading out of the roots or to folders,
// roots inside the root (indexed on their own), Xapian databases and their
// lock files, and kernel file systems (proc, sysfs, ...) alone, saying why. Given `under` (a path
// inside the root, '/'-separated), walks only what lies there, as the walk of the whole root would:
// with the same relative paths, and leaving it alone if it, or a folder on its way, would be.
WalkResult walk(const std::filesystem::path& root, const WalkRules& rules, Env& env,
                const std::string& under = "");

// Whether a path inside a root ('/'-separated) matches a pattern, by
// fnmatch(3) with FNM_PATHNAME: '*', '?' and [...] never match '/', and '**'
// is no more than '*'. A pattern holding a '/' is matched against the whole
// path ("news/*.txt"), one without against the last component alone
// ("README.TXT", "*.bak"), at any depth.
bool glob_matches(const std::string& pattern, const std::string& relative);

// Why a file or folder of this name is left alone by design ("hidden", "an
// editor backup or temporary file"), or "".
std::string hidden_or_backup(const std::string& name);

// Why a file of this name is left alone as not an article: an image, sound,
// video, a font, a script, a PDF or office document, a program (by its
// extension, in any case), or "".
std::string not_an_article(const std::string& name);

// Whether `inner` is `outer` or lies inside it (both canonical).
bool within(const std::filesystem::path& inner, const std::filesystem::path& outer);

}  // namespace gazette
