// gazette-index --watch: index files as they arrive, change or go. One
// normal run first; then the roots' folders are watched with inotify (new
// folders as they appear), and once the files have been quiet for a moment
// (the debounce; at most five of them after the first change), another
// normal run indexes what changed. Each run takes the lock only while it
// runs and ends with a commit, so searchers see its articles at once and
// other writers wait for a run, never for the watch.
#pragma once

#include <chrono>
#include <string>

#include "indexer.h"

namespace gazette {

// What the watch has to say besides each run's own observer.
class WatchObserver {
  public:
    virtual ~WatchObserver() = default;
    // Watching `folders` folders of `roots` roots, after a run.
    virtual void watching(size_t folders, size_t roots) = 0;
    virtual void ran(const IndexStats& stats) = 0;
    // A run that could not go on (IndexError); the watch goes on.
    virtual void failed(const std::string& message) = 0;
};

// Runs until `stop_fd` (a signalfd, an eventfd, a pipe) becomes readable.
// Every run waits for other writers (IndexOptions::wait). Throws IndexError
// when the first run fails, std::system_error when inotify can't be used.
void watch(IndexOptions options, std::chrono::milliseconds debounce, int stop_fd, Env& env,
           IndexObserver& observer, WatchObserver& watch_observer);

}  // namespace gazette
