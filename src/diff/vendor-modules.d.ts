// Types for the part of pacote (npm's package fetcher, pinned in package.json at 21.5.3) that `detkit diff`
// uses to unpack a package version from the npm cache or the registry. pacote ships no declarations.

declare module "pacote" {
  export interface PacoteOptions {
    /** npm's content-addressed cache (`<npm cache>/_cacache`). */
    readonly cache: string;
    /** Subresource Integrity the tarball must match; pacote refuses anything else. */
    readonly integrity?: string;
    /** The tarball URL; with `integrity`, the cache is read by digest first. */
    readonly resolved?: string;
    /** Never touch the network: only what the cache holds. */
    readonly offline?: boolean;
    readonly registry?: string;
    /** The directory relative `file:` specs are resolved against. */
    readonly where?: string;
    /** `"none"` refuses git specs (unpacking one runs its prepare script). */
    readonly allowGit?: "all" | "root" | "none";
    /** `"none"` refuses directory specs (packing one runs its prepare scripts). */
    readonly allowDirectory?: "all" | "root" | "none";
  }

  export interface FetchResult {
    readonly resolved: string | null;
    readonly integrity: string | null;
    readonly from: string;
  }

  // A CommonJS object of arrow functions: Node's ESM import sees it only as the default export.
  const pacote: {
    /** Unpacks a package into `destination` (tarball entries only: links are skipped, nothing is run). */
    extract(spec: string, destination: string, options: PacoteOptions): Promise<FetchResult>;
  };
  export default pacote;
}
