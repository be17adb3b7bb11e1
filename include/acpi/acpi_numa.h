/*
 * The ACPI tables NUMA needs (ACPI 6.5 sections 5.2.16 SRAT and 5.2.17
 * SLIT; Linux's include/acpi/actbl3.h), as byte offsets: the core reads the
 * firmware's bytes with little-endian loads instead of casting them to
 * packed structs, so a short or misaligned table can never be over-read.
 */
#ifndef _ACPI_ACPI_NUMA_H
#define _ACPI_ACPI_NUMA_H

#include <stddef.h>
#include <linux/types.h>

/* Every ACPI table starts with this 36-byte header. */
#define ACPI_TABLE_HEADER_SIZE 36
#define ACPI_HDR_LENGTH 4   /* u32: the whole table, header included */
#define ACPI_HDR_REVISION 8 /* u8 */
#define ACPI_HDR_CHECKSUM 9 /* u8: all bytes of the table sum to 0 mod 256 */

/* SRAT: header, u32 table_revision (reserved, 1), u64 reserved, then the subtables. */
#define ACPI_SIG_SRAT "SRAT"
#define ACPI_SRAT_HEADER_SIZE 48
#define ACPI_SRAT_TYPE_CPU_AFFINITY 0
#define ACPI_SRAT_TYPE_MEMORY_AFFINITY 1
#define ACPI_SRAT_TYPE_X2APIC_CPU_AFFINITY 2
#define ACPI_SRAT_TYPE_GICC_AFFINITY 3
#define ACPI_SRAT_TYPE_GIC_ITS_AFFINITY 4
#define ACPI_SRAT_TYPE_GENERIC_AFFINITY 5
#define ACPI_SRAT_TYPE_GENERIC_PORT_AFFINITY 6
#define ACPI_SRAT_TYPE_RINTC_AFFINITY 7

/* Processor Local APIC affinity (type 0), 16 bytes. */
#define ACPI_SRAT_CPU_SIZE 16
#define ACPI_SRAT_CPU_PXM_LO 2 /* u8 */
#define ACPI_SRAT_CPU_APIC_ID 3 /* u8 */
#define ACPI_SRAT_CPU_FLAGS 4 /* u32 */
#define ACPI_SRAT_CPU_SAPIC_EID 8 /* u8 */
#define ACPI_SRAT_CPU_PXM_HI 9 /* u8[3]: bits 8-31 of the domain (revision 2+) */
#define ACPI_SRAT_CPU_ENABLED 1

/* Memory affinity (type 1), 40 bytes. */
#define ACPI_SRAT_MEM_SIZE 40
#define ACPI_SRAT_MEM_PXM 2 /* u32 */
#define ACPI_SRAT_MEM_BASE 8 /* u64 */
#define ACPI_SRAT_MEM_LENGTH 16 /* u64 */
#define ACPI_SRAT_MEM_FLAGS 28 /* u32 */
#define ACPI_SRAT_MEM_ENABLED 1
#define ACPI_SRAT_MEM_HOT_PLUGGABLE 2
#define ACPI_SRAT_MEM_NON_VOLATILE 4

/* Processor Local x2APIC affinity (type 2), 24 bytes. */
#define ACPI_SRAT_X2APIC_SIZE 24
#define ACPI_SRAT_X2APIC_PXM 4 /* u32 */
#define ACPI_SRAT_X2APIC_APIC_ID 8 /* u32 */
#define ACPI_SRAT_X2APIC_FLAGS 12 /* u32 */

/* SLIT: header, u64 locality_count, then count * count u8 distances. */
#define ACPI_SIG_SLIT "SLIT"
#define ACPI_SLIT_HEADER_SIZE 44
#define ACPI_SLIT_COUNT 36

/* Sum of len bytes mod 256: 0 for a good table. */
u8 acpi_tb_checksum(const void *buf, size_t len);

#endif
