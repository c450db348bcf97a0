/**
 * How the rotation function tells a database about a new password and checks that it works.
 * The rotation steps call this interface for `database-password` secrets; the engine behind it
 * (PostgreSQL, MySQL, ...) is a separate module that knows how to connect.
 */

/** What the adapter is given: the secret and both passwords (never logged). */
export interface PasswordChange {
    /** The secret's ARN, so the adapter can find the database it belongs to. */
    secretArn: string;
    /** The password the database accepts now (AWSCURRENT). */
    currentPassword: string;
    /** The password to set (AWSPENDING). */
    pendingPassword: string;
}

/** Sets and tests database passwords during rotation. */
export interface DatabaseAdapter {
    /**
     * Makes the database accept `pendingPassword`, logging in with `currentPassword`. Must be
     * idempotent: Secrets Manager retries a failed step, and the password may already be set.
     */
    setPassword(change: PasswordChange): Promise<void>;
    /** Logs in with `pendingPassword` and throws if the database refuses it. */
    testLogin(change: PasswordChange): Promise<void>;
}

// LIMITATION: no database adapter ships with the baseline (the tenants' databases and their
// network paths are not known here), so a `database-password` secret is seeded by its first
// rotation and every later rotation stops at setSecret, leaving AWSCURRENT as it was, until the
// entry point is given an adapter for that database.
