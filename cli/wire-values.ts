/**
 * Wire-form values (as the engine passes them) made safe to show or store: secrets replaced by a
 * marker, so no secret value is printed or written in clear, and unknowns named as such.
 */
import * as rpc from "@pulumi/pulumi/runtime/rpc";

/** What a secret value is shown as. */
export const SECRET_MARKER = "[secret]";

/** What a value unknown during preview is shown as. */
export const UNKNOWN_MARKER = "[unknown]";

/** A copy of `value` with secrets masked and unknowns marked; assets reduced to their kind. */
export function displayable(value: unknown): unknown {
    if (value === rpc.unknownValue) {
        return UNKNOWN_MARKER;
    }
    if (Array.isArray(value)) {
        return value.map(displayable);
    }
    if (value === null || typeof value !== "object") {
        return value;
    }
    const obj = value as Record<string, unknown>;
    const sig = obj[rpc.specialSigKey];
    if (sig === rpc.specialSecretSig) {
        return SECRET_MARKER;
    }
    if (sig === rpc.specialAssetSig || sig === rpc.specialArchiveSig) {
        const kind = sig === rpc.specialAssetSig ? "asset" : "archive";
        const names =
            obj.assets && typeof obj.assets === "object" ? Object.keys(obj.assets as object) : [];
        return { [`[${kind}]`]: obj.path ?? obj.uri ?? (names.length ? names : "text") };
    }
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(obj)) {
        copy[key] = displayable(inner);
    }
    return copy;
}

/** True when the wire value holds a secret anywhere inside. */
export function holdsSecret(value: unknown): boolean {
    if (Array.isArray(value)) {
        return value.some(holdsSecret);
    }
    if (value === null || typeof value !== "object") {
        return false;
    }
    const obj = value as Record<string, unknown>;
    return obj[rpc.specialSigKey] === rpc.specialSecretSig || Object.values(obj).some(holdsSecret);
}
