#ifndef _EFIMM_VERSION_H
#define _EFIMM_VERSION_H
#define EFIMM_VERSION "0.1"
#endif
