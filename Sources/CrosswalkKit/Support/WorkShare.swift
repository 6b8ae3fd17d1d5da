import Dispatch
import Foundation

/// Work shared out over threads: each worker, with its own state (a scorer and its arrays),
/// takes the next index no one has taken until none are left, so one given long passages takes
/// fewer. The results come back in index order, each with the worker that made it, whichever
/// thread finished first: what is put together from them is the same on any machine.
enum WorkShare {
    static func map<Worker, Result>(_ count: Int, workers: [Worker], _ body: @escaping (Worker, Int) -> Result)
        -> [(worker: Int, result: Result)] {
        guard workers.count > 1 else { return (0..<count).map { (0, body(workers[0], $0)) } }
        let shared = Shared(workers: workers, count: count, body: body)
        DispatchQueue.concurrentPerform(iterations: workers.count) { worker in
            while let index = shared.take() {
                shared.slots[index].value = (worker, shared.body(shared.workers[worker], index))
            }
        }
        return shared.slots.map { $0.value.take()! }
    }

    /// Unchecked: the next index is taken under the lock; each worker reads its own state only
    /// and writes the slots of the indices it took only, and `body` reads nothing the others write.
    private final class Shared<Worker, Result>: @unchecked Sendable {
        final class Slot {
            var value: (worker: Int, result: Result)?
        }

        let workers: [Worker]
        let body: (Worker, Int) -> Result
        let slots: [Slot]
        private let lock = NSLock()
        private var next = 0

        init(workers: [Worker], count: Int, body: @escaping (Worker, Int) -> Result) {
            self.workers = workers
            self.body = body
            slots = (0..<count).map { _ in Slot() }
        }

        func take() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < slots.count else { return nil }
            next += 1
            return next - 1
        }
    }
}
