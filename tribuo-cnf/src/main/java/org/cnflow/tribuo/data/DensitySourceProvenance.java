// SPDX-License-Identifier: Apache-2.0
package org.cnflow.tribuo.data;

import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.impl.SkeletalConfiguredObjectProvenance;
import java.util.HashMap;
import java.util.Map;
import org.tribuo.provenance.ConfiguredDataSourceProvenance;
import org.tribuo.provenance.DataSourceProvenance;

/**
 * Provenance of the configurable density data sources: their configured fields plus instance values
 * such as the creation time and, for files, the content hash.
 */
public final class DensitySourceProvenance extends SkeletalConfiguredObjectProvenance
        implements ConfiguredDataSourceProvenance {

    private static final long serialVersionUID = 1L;

    private static final String HOST_TYPE = "DataSource";

    private final Map<String, PrimitiveProvenance<?>> instanceValues;

    DensitySourceProvenance(Configurable host, Map<String, PrimitiveProvenance<?>> instanceValues) {
        super(host, HOST_TYPE);
        this.instanceValues = Map.copyOf(instanceValues);
    }

    /**
     * Rebuilds a provenance from its marshalled map, as OLCUT's unmarshalling requires.
     *
     * @param map the provenance's fields
     */
    public DensitySourceProvenance(Map<String, Provenance> map) {
        this(extract(map));
    }

    private DensitySourceProvenance(Extracted extracted) {
        super(extracted.info());
        this.instanceValues = extracted.info().instanceValues;
    }

    private record Extracted(ExtractedInfo info) {}

    private static Extracted extract(Map<String, Provenance> map) {
        String className =
                ((PrimitiveProvenance<?>) map.get(ObjectProvenance.CLASS_NAME))
                        .getValue()
                        .toString();
        // OLCUT does not marshal the host's short name, so a rebuilt provenance uses the one that
        // the constructor from a live source sets.
        String hostName =
                map.get(HOST_SHORT_NAME) instanceof PrimitiveProvenance<?> host
                        ? host.getValue().toString()
                        : HOST_TYPE;
        Map<String, Provenance> configured = new HashMap<>(map);
        configured.remove(ObjectProvenance.CLASS_NAME);
        configured.remove(HOST_SHORT_NAME);
        Map<String, PrimitiveProvenance<?>> instance = new HashMap<>();
        for (String key :
                new String[] {
                    DataSourceProvenance.DATASOURCE_CREATION_TIME,
                    DataSourceProvenance.RESOURCE_HASH,
                    DataSourceProvenance.FILE_MODIFIED_TIME
                }) {
            Provenance value = configured.remove(key);
            if (value instanceof PrimitiveProvenance<?> primitive) {
                instance.put(key, primitive);
            }
        }
        return new Extracted(new ExtractedInfo(className, hostName, configured, instance));
    }

    @Override
    public Map<String, PrimitiveProvenance<?>> getInstanceValues() {
        return instanceValues;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DensitySourceProvenance that
                && super.equals(that)
                && instanceValues.equals(that.instanceValues);
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + instanceValues.hashCode();
    }
}
