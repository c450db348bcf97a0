/**
 * One deserialization of a resource's properties per request, shared by every policy.
 *
 * The CrossGuard server (@pulumi/policy 1.x) turns the protobuf Struct of a resource into a
 * JavaScript object afresh for each policy it runs on that resource, and for each resource of
 * each stack policy. With some fifty policies that conversion, not the policies, is most of the
 * time an Analyze takes. The Struct of one request is the same object for every policy, so the
 * conversion is remembered per Struct (weakly: it goes when the request does). Every policy still
 * gets its own unknown-checking proxy over the shared object. Policies of this pack never write to
 * their inputs (the unit-test harness hands them frozen objects to hold them to that).
 */

type Deserialize = (struct: object, proxySecrets?: boolean) => unknown;

interface DeserializeModule {
    deserializeProperties?: Deserialize;
}

let installed = false;

/**
 * Installs the shared deserialization into the server's module; returns false, changing nothing,
 * when the module does not have the shape this relies on (another @pulumi/policy version).
 */
export function shareDeserializedProperties(module: DeserializeModule): boolean {
    const original = module.deserializeProperties;
    if (installed) {
        return true;
    }
    if (typeof original !== "function") {
        return false;
    }
    const plain = new WeakMap<object, unknown>();
    const withSecrets = new WeakMap<object, unknown>();
    module.deserializeProperties = (struct, proxySecrets) => {
        if (struct === null || typeof struct !== "object") {
            return original(struct, proxySecrets);
        }
        const memo = proxySecrets ? withSecrets : plain;
        if (memo.has(struct)) {
            return memo.get(struct);
        }
        const value = original(struct, proxySecrets);
        memo.set(struct, value);
        return value;
    };
    installed = true;
    return true;
}
