/** The node types a harness run knows: the node classes the test passes in. */
import { NodeHelpers } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';

export type AnyNodeType = INodeType | IVersionedNodeType;

export function typeName(nodeType: AnyNodeType): string {
	return nodeType.description.name;
}

export function isVersioned(nodeType: AnyNodeType): nodeType is IVersionedNodeType {
	return 'nodeVersions' in nodeType;
}

/** The version a freshly added node gets in the editor: the highest one. */
export function defaultTypeVersion(nodeType: AnyNodeType): number {
	if (isVersioned(nodeType)) return nodeType.currentVersion;
	const v = (nodeType as INodeType).description.version;
	return Array.isArray(v) ? Math.max(...v) : (v ?? 1);
}

export class HarnessNodeTypes implements INodeTypes {
	private readonly byName = new Map<string, AnyNodeType>();
	private readonly wrapped = new WeakMap<INodeType, INodeType>();
	/** errors thrown by `execute()` (the engine itself only keeps a plain-object copy) */
	readonly thrown: unknown[] = [];
	/** how often the engine called `execute()` (Retry On Fail calls it again) */
	executeCalls = 0;

	constructor(
		nodeTypes: AnyNodeType[],
		private readonly captureThrown = false,
	) {
		for (const nodeType of nodeTypes) this.byName.set(typeName(nodeType), nodeType);
	}

	getByName(nodeType: string): AnyNodeType {
		const found = this.byName.get(nodeType);
		if (!found) throw new Error(`Harness: unknown node type "${nodeType}"`);
		return found;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const resolved = NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
		if (!this.captureThrown || typeof resolved.execute !== 'function') return resolved;
		let wrapper = this.wrapped.get(resolved);
		if (!wrapper) {
			// Same object for the engine (prototype chain), but execute() remembers what it threw.
			const original = resolved.execute;
			const thrown = this.thrown;
			// eslint-disable-next-line @typescript-eslint/no-this-alias -- the engine binds `this` to its context
			const types = this;
			wrapper = Object.create(resolved) as INodeType;
			wrapper.execute = async function (this: IExecuteFunctions) {
				types.executeCalls += 1;
				try {
					return await original.call(this);
				} catch (error) {
					thrown.push(error);
					throw error;
				}
			} as INodeType['execute'];
			this.wrapped.set(resolved, wrapper);
		}
		return wrapper;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}
