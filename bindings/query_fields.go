package bindings

import (
	"unsafe"

	"github.com/gohttpclient/gohttpclient/core"
)

// queryFields converts the Dictionary of query_string_from_dict: keys and
// values through str(), an Array value giving one value per element, a
// null value the key alone.
func queryFields(dict unsafe.Pointer) []core.QueryField {
	var fields []core.QueryField
	dictEach(dict, func(key, value unsafe.Pointer) {
		f := core.QueryField{Key: variantString(key)}
		switch variantType(value) {
		case typeNil:
			f.Bare = true
		case typeArray:
			f.Values = []string{}
			arrayEach(value, func(elem unsafe.Pointer) {
				f.Values = append(f.Values, variantString(elem))
			})
		default:
			f.Values = []string{variantString(value)}
		}
		fields = append(fields, f)
	})
	return fields
}
