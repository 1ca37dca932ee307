package io.stepwise.approvals.store;

import java.time.Instant;
import java.util.UUID;

/**
 * One decider's vote on an approval (with a quorum, several make the decision).
 *
 * @param voter who voted, as the one-vote rule compares them: the link's recipient or the signed-in
 *     user's address among the approval's, else the user's name (lower case)
 * @param decidedBy as the output names them: the signed-in user, else the link's recipient
 * @param fields the form's values (JSON), or null without a form
 */
public record VoteRecord(
    UUID approvalId,
    String voter,
    String decidedBy,
    String decision,
    String comment,
    Instant decidedAt,
    String fields) {}
