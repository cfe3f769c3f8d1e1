//! The pane's JSON, between the wire types and the browser: [`to_text`] writes a value as JSON
//! text, [`from_value`] reads a parsed JSON value (`JSON.parse`'s, or an object a host shim
//! built) into a wire type. Both are serde's, as serde_json's are, and both run the same code
//! natively (the unit tests, over `serde_json::Value`) as in the pane (over `JsValue`).
//!
//! Why not serde_json or serde-wasm-bindgen: either costs the pane's first module tens of KB
//! (issue 16), most of it in what this module does not need: a text parser (the browser's
//! `JSON.parse` is there anyway), float printing (the browser's), and error messages that
//! quote the value that did not fit. The pane never shows a decoding error's text (an answer
//! of the wrong shape is [`AppError::Unexpected`](crate::error::AppError)), so [`ShapeError`]
//! carries none, and serde's message-building defaults are overridden so they are not linked.
//!
//! The text written is serde_json's (fields in declared order, `None` as `null`, enums
//! externally tagged unless the type says otherwise, the same string escapes), except that a
//! whole `f64` is written as an integer (`3`, not `3.0`), as `JSON.stringify` writes it.

use serde::de::{self, IntoDeserializer, Visitor};
use serde::ser::{self, Serialize};
use std::fmt::{self, Display};

/// A value that did not have the shape serde expected (either way); deliberately without
/// detail, see the module's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShapeError;

impl Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the JSON does not have the expected shape")
    }
}

impl std::error::Error for ShapeError {}

impl de::Error for ShapeError {
    fn custom<T: Display>(_: T) -> Self {
        ShapeError
    }
    // serde's defaults format the offending value into a message (and so link float
    // printing and string escaping); nothing reads it here.
    fn invalid_type(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        ShapeError
    }
    fn invalid_value(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        ShapeError
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        ShapeError
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        ShapeError
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        ShapeError
    }
    fn missing_field(_: &'static str) -> Self {
        ShapeError
    }
    fn duplicate_field(_: &'static str) -> Self {
        ShapeError
    }
}

impl ser::Error for ShapeError {
    fn custom<T: Display>(_: T) -> Self {
        ShapeError
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

/// What a parsed JSON value is, one level deep.
pub enum Kind<J> {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<J>),
    Object(Vec<(String, J)>),
    /// Not a JSON value (a function, a symbol, a `BigInt`).
    Other,
}

/// A parsed JSON value [`from_value`] can read.
pub trait Value: Sized {
    /// `null`, or JavaScript's `undefined` (a field a host shim left unset).
    fn is_null(&self) -> bool;
    /// The value, one level deep.
    fn kind(self) -> Kind<Self>;
}

impl Value for wasm_bindgen::JsValue {
    fn is_null(&self) -> bool {
        self.is_null() || self.is_undefined()
    }

    fn kind(self) -> Kind<Self> {
        use wasm_bindgen::JsCast;
        if Value::is_null(&self) {
            Kind::Null
        } else if let Some(b) = self.as_bool() {
            Kind::Bool(b)
        } else if let Some(n) = self.as_f64() {
            Kind::Number(n)
        } else if let Some(s) = self.as_string() {
            Kind::Text(s)
        } else if js_sys::Array::is_array(&self) {
            Kind::List(self.unchecked_into::<js_sys::Array>().iter().collect())
        } else if self.is_object() {
            let entries = js_sys::Object::entries(self.unchecked_ref());
            let entries = entries.iter().filter_map(|entry| {
                let pair = entry.unchecked_into::<js_sys::Array>();
                Some((pair.get(0).as_string()?, pair.get(1)))
            });
            Kind::Object(entries.collect())
        } else {
            Kind::Other
        }
    }
}

impl Value for serde_json::Value {
    fn is_null(&self) -> bool {
        self.is_null()
    }

    fn kind(self) -> Kind<Self> {
        use serde_json::Value as J;
        match self {
            J::Null => Kind::Null,
            J::Bool(b) => Kind::Bool(b),
            J::Number(n) => n.as_f64().map_or(Kind::Other, Kind::Number),
            J::String(s) => Kind::Text(s),
            J::Array(items) => Kind::List(items),
            J::Object(entries) => Kind::Object(entries.into_iter().collect()),
        }
    }
}

/// Reads `value` as a `T`.
pub fn from_value<T: de::DeserializeOwned, J: Value>(value: J) -> Result<T, ShapeError> {
    T::deserialize(Reader(value))
}

/// serde's view of a [`Value`].
struct Reader<J>(J);

/// The largest whole number a JSON number (an `f64`) holds exactly: larger ones are floats.
const EXACT_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Every integer width reads as [`number`] does (serde's visitors check the range).
macro_rules! integers_as_u64 {
    ($de:lifetime; $($method:ident),*) => {
        $(fn $method<W: Visitor<$de>>(self, visitor: W) -> Result<W::Value, ShapeError> {
            self.deserialize_u64(visitor)
        })*
    };
}

impl<'de, J: Value> de::Deserializer<'de> for Reader<J> {
    type Error = ShapeError;

    fn deserialize_any<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, ShapeError> {
        match self.0.kind() {
            Kind::Null => visitor.visit_unit(),
            Kind::Bool(b) => visitor.visit_bool(b),
            Kind::Number(n) => number(n, visitor),
            Kind::Text(s) => visitor.visit_string(s),
            Kind::List(items) => visitor.visit_seq(Items(items.into_iter())),
            Kind::Object(entries) => visit_object(entries, visitor),
            Kind::Other => Err(ShapeError),
        }
    }

    // What a type asks for, it is given or refused: each visitor's other `visit_*` methods
    // (a struct's `visit_seq`, a string's `visit_u64`) are then never called, and so not
    // linked into the pane, as they would be if all of these went through `deserialize_any`.

    fn deserialize_struct<W: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: W,
    ) -> Result<W::Value, ShapeError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, ShapeError> {
        match self.0.kind() {
            Kind::Object(entries) => visit_object(entries, visitor),
            _ => Err(ShapeError),
        }
    }

    fn deserialize_seq<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, ShapeError> {
        match self.0.kind() {
            Kind::List(items) => visitor.visit_seq(Items(items.into_iter())),
            _ => Err(ShapeError),
        }
    }

    fn deserialize_tuple<W: Visitor<'de>>(
        self,
        _len: usize,
        visitor: W,
    ) -> Result<W::Value, ShapeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<W: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: W,
    ) -> Result<W::Value, ShapeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_string<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, ShapeError> {
        match self.0.kind() {
            Kind::Text(s) => visitor.visit_string(s),
            _ => Err(ShapeError),
        }
    }

    fn deserialize_str<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, ShapeError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_char<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, ShapeError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, ShapeError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_bool<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, ShapeError> {
        match self.0.kind() {
            Kind::Bool(b) => visitor.visit_bool(b),
            _ => Err(ShapeError),
        }
    }

    fn deserialize_unit<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, ShapeError> {
        match self.0.kind() {
            Kind::Null => visitor.visit_unit(),
            _ => Err(ShapeError),
        }
    }

    fn deserialize_unit_struct<W: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: W,
    ) -> Result<W::Value, ShapeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_f64<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, ShapeError> {
        match self.0.kind() {
            Kind::Number(n) => visitor.visit_f64(n),
            _ => Err(ShapeError),
        }
    }

    fn deserialize_f32<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, ShapeError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_u64<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, ShapeError> {
        match self.0.kind() {
            Kind::Number(n) => number(n, visitor),
            _ => Err(ShapeError),
        }
    }

    fn deserialize_option<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, ShapeError> {
        if self.0.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    /// `"Variant"` or `{"Variant": value}`: serde's external tagging, as serde_json reads it.
    fn deserialize_enum<W: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: W,
    ) -> Result<W::Value, ShapeError> {
        match self.0.kind() {
            Kind::Text(variant) => visitor.visit_enum(variant.into_deserializer()),
            Kind::Object(mut entries) if entries.len() == 1 => {
                let (variant, value) = entries.pop().ok_or(ShapeError)?;
                visitor.visit_enum(Variant { variant, value })
            }
            _ => Err(ShapeError),
        }
    }

    fn deserialize_newtype_struct<W: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: W,
    ) -> Result<W::Value, ShapeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<W: Visitor<'de>>(self, visitor: W) -> Result<W::Value, ShapeError> {
        visitor.visit_unit()
    }

    integers_as_u64!('de; deserialize_u32, deserialize_u16, deserialize_u8, deserialize_i64,
        deserialize_i32, deserialize_i16, deserialize_i8);

    serde::forward_to_deserialize_any! { i128 u128 bytes byte_buf }
}

/// A JSON number as serde's integer or float: whole numbers as integers, so integer fields
/// take them (JSON has one kind of number), the rest as `f64`.
fn number<'de, W: Visitor<'de>>(n: f64, visitor: W) -> Result<W::Value, ShapeError> {
    if n.fract() == 0.0 && n.abs() <= EXACT_INTEGER {
        if n >= 0.0 {
            visitor.visit_u64(n as u64)
        } else {
            visitor.visit_i64(n as i64)
        }
    } else {
        visitor.visit_f64(n)
    }
}

fn visit_object<'de, J: Value, W: Visitor<'de>>(
    entries: Vec<(String, J)>,
    visitor: W,
) -> Result<W::Value, ShapeError> {
    visitor.visit_map(Entries {
        entries: entries.into_iter(),
        value: None,
    })
}

/// A list's items, in order.
struct Items<J>(std::vec::IntoIter<J>);

impl<'de, J: Value> de::SeqAccess<'de> for Items<J> {
    type Error = ShapeError;

    fn next_element_seed<S: de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, ShapeError> {
        self.0
            .next()
            .map(|item| seed.deserialize(Reader(item)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// An object's entries, in order: each key (as text: the wire types key their maps by text),
/// then its value.
struct Entries<J> {
    entries: std::vec::IntoIter<(String, J)>,
    value: Option<J>,
}

impl<'de, J: Value> de::MapAccess<'de> for Entries<J> {
    type Error = ShapeError;

    fn next_key_seed<S: de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, ShapeError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<S: de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, ShapeError> {
        seed.deserialize(Reader(self.value.take().ok_or(ShapeError)?))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// `{"Variant": value}`.
struct Variant<J> {
    variant: String,
    value: J,
}

impl<'de, J: Value> de::EnumAccess<'de> for Variant<J> {
    type Error = ShapeError;
    type Variant = Reader<J>;

    fn variant_seed<S: de::DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Reader<J>), ShapeError> {
        let variant = seed.deserialize(self.variant.into_deserializer())?;
        Ok((variant, Reader(self.value)))
    }
}

impl<'de, J: Value> de::VariantAccess<'de> for Reader<J> {
    type Error = ShapeError;

    fn unit_variant(self) -> Result<(), ShapeError> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<S: de::DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<S::Value, ShapeError> {
        seed.deserialize(self)
    }

    fn tuple_variant<W: Visitor<'de>>(
        self,
        _len: usize,
        visitor: W,
    ) -> Result<W::Value, ShapeError> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<W: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: W,
    ) -> Result<W::Value, ShapeError> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}

// ---------------------------------------------------------------------------------------------
// Writing

/// `value` as JSON text.
pub fn to_text<T: Serialize + ?Sized>(value: &T) -> Result<String, ShapeError> {
    let mut writer = Writer(String::new());
    value.serialize(&mut writer)?;
    Ok(writer.0)
}

/// serde's writer of JSON text.
struct Writer(String);

impl Writer {
    fn text(&mut self, s: &str) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let out = &mut self.0;
        out.push('"');
        let mut from = 0;
        for (at, byte) in s.bytes().enumerate() {
            let escape = match byte {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            out.push_str(&s[from..at]);
            if escape.is_empty() {
                out.push_str("\\u00");
                out.push(HEX[usize::from(byte >> 4)] as char);
                out.push(HEX[usize::from(byte & 0xf)] as char);
            } else {
                out.push_str(escape);
            }
            from = at + 1;
        }
        out.push_str(&s[from..]);
        out.push('"');
    }

    fn display(&mut self, n: impl Display) {
        use fmt::Write as _;
        let _ = write!(self.0, "{n}");
    }

    fn number(&mut self, n: f64) {
        if !n.is_finite() {
            // As JSON.stringify and serde_json write them.
            self.0.push_str("null");
        } else if n.fract() == 0.0 && n.abs() <= EXACT_INTEGER {
            self.display(n as i64);
        } else {
            self.fraction(n);
        }
    }

    /// A number with a fraction, written by the browser (shortest round-trip form).
    #[cfg(target_family = "wasm")]
    fn fraction(&mut self, n: f64) {
        let text = js_sys::JSON::stringify(&wasm_bindgen::JsValue::from_f64(n));
        self.0.extend(text.ok().and_then(|t| t.as_string()));
    }

    #[cfg(not(target_family = "wasm"))]
    fn fraction(&mut self, n: f64) {
        self.display(n);
    }

    /// `{"variant":` before a variant's value.
    fn open_variant(&mut self, variant: &str) {
        self.0.push('{');
        self.text(variant);
        self.0.push(':');
    }
}

/// A list or object being written: its items, then its closing bracket(s).
struct Compound<'w> {
    writer: &'w mut Writer,
    first: bool,
    close: &'static str,
}

impl<'w> Compound<'w> {
    /// After its opening bracket(s): a compound closed by `close`.
    fn open(writer: &'w mut Writer, close: &'static str) -> Self {
        Compound {
            writer,
            first: true,
            close,
        }
    }

    fn comma(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.writer.0.push(',');
        }
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ShapeError> {
        self.comma();
        value.serialize(&mut *self.writer)
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), ShapeError> {
        self.comma();
        self.writer.text(key);
        self.writer.0.push(':');
        value.serialize(&mut *self.writer)
    }

    fn end(self) -> Result<(), ShapeError> {
        self.writer.0.push_str(self.close);
        Ok(())
    }
}

impl<'w> ser::Serializer for &'w mut Writer {
    type Ok = ();
    type Error = ShapeError;
    type SerializeSeq = Compound<'w>;
    type SerializeTuple = Compound<'w>;
    type SerializeTupleStruct = Compound<'w>;
    type SerializeTupleVariant = Compound<'w>;
    type SerializeMap = Compound<'w>;
    type SerializeStruct = Compound<'w>;
    type SerializeStructVariant = Compound<'w>;

    fn serialize_bool(self, v: bool) -> Result<(), ShapeError> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), ShapeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), ShapeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), ShapeError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), ShapeError> {
        self.display(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), ShapeError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), ShapeError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), ShapeError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), ShapeError> {
        self.display(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), ShapeError> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), ShapeError> {
        self.number(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<(), ShapeError> {
        self.text(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), ShapeError> {
        self.text(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), ShapeError> {
        ser::Serializer::collect_seq(self, v)
    }
    fn serialize_none(self) -> Result<(), ShapeError> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), ShapeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), ShapeError> {
        self.0.push_str("null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), ShapeError> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), ShapeError> {
        self.text(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), ShapeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), ShapeError> {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.0.push('}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'w>, ShapeError> {
        self.0.push('[');
        Ok(Compound::open(self, "]"))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w>, ShapeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'w>, ShapeError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w>, ShapeError> {
        self.open_variant(variant);
        self.0.push('[');
        Ok(Compound::open(self, "]}"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'w>, ShapeError> {
        self.0.push('{');
        Ok(Compound::open(self, "}"))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'w>, ShapeError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'w>, ShapeError> {
        self.open_variant(variant);
        self.0.push('{');
        Ok(Compound::open(self, "}}"))
    }
}

/// serde's list-like writers (a list, a tuple, a tuple struct, a tuple variant's fields): items.
macro_rules! items_writer {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = ShapeError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ShapeError> {
                self.item(value)
            }
            fn end(self) -> Result<(), ShapeError> {
                Compound::end(self)
            }
        }
    )*};
}
items_writer!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = ShapeError;
    /// A key as JSON writes keys: text; a number or a boolean key in quotes, as serde_json.
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ShapeError> {
        self.comma();
        let key = to_text(key)?;
        match key.starts_with('"') {
            true => self.writer.0.push_str(&key),
            false if !key.starts_with(['{', '[', 'n']) => self.writer.text(&key),
            false => return Err(ShapeError),
        }
        self.writer.0.push(':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ShapeError> {
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result<(), ShapeError> {
        Compound::end(self)
    }
}

/// serde's struct-like writers (a struct, a struct variant's fields): named fields.
macro_rules! fields_writer {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = ShapeError;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), ShapeError> {
                self.field(key, value)
            }
            fn end(self) -> Result<(), ShapeError> {
                Compound::end(self)
            }
        }
    )*};
}
fields_writer!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use closer_wire::{EmailContext, EmailContextRequest};
    use serde::{Deserialize, Serialize};
    use std::collections::BTreeMap;

    /// An answer with every shape the first cards read: each way a participant matches (an
    /// internally tagged enum), amounts with and without a fraction, absent and `null`
    /// options, a failed section with its error, escapes and text beyond ASCII.
    const EMAIL_CONTEXT: &str = r#"{
        "participants": [
            {"address": "priya@contoso.com", "name": "Priya Raman", "role": "from",
             "matched": {"state": "matched", "remembered": false, "contact": {
                "id": "c1", "name": "Priya Raman", "title": "VP \"Ops\"\n", "email": null,
                "phone": "+1 555", "url": "https://crm/c1", "version": "7",
                "account": {"kind": "account", "id": "a1", "name": "Contoso", "url": "https://crm/a1"},
                "extra": [{"name": "x", "label": "X", "value": "1", "editable": true,
                           "kind": "picklist", "options": ["a", "b"]}]}}},
            {"address": "luca@alpine.example", "name": null, "role": "cc",
             "matched": {"state": "ambiguous", "candidates": []}},
            {"matched": {"last_name": "Müller", "state": "unknown", "first_name": "Jörg",
                         "title": null, "phone": null, "company": "Alpine Ski House"},
             "address": "jm@alpine.example", "role": "to"}
        ],
        "accounts": [{"account": {"kind": "account", "id": "a1", "name": "Contoso", "url": "u"},
                      "industry": null, "website": "contoso.com",
                      "opportunities": [
                        {"record": {"kind": "opportunity", "id": "o1", "name": "Fulfillment", "url": "u"},
                         "stage": "Propose", "amount": 120000, "currency": "EUR",
                         "close_date": "2026-12-24", "version": "3"},
                        {"record": {"kind": "opportunity", "id": "o2", "name": "Ski", "url": "u"},
                         "stage": null, "amount": 99.95, "close_date": null, "version": "1"}]}],
        "suggested_regarding": null,
        "internal_count": 2,
        "failed": [{"section": "saved", "error": {"code": "throttled", "message": "Wait.",
                    "retry_after_seconds": 2.5}}]
    }"#;

    fn read<T: de::DeserializeOwned>(text: &str) -> Result<T, ShapeError> {
        from_value(serde_json::from_str::<serde_json::Value>(text).unwrap())
    }

    #[test]
    fn an_answer_reads_as_serde_json_reads_it() {
        let ours: EmailContext = read(EMAIL_CONTEXT).unwrap();
        let theirs: EmailContext = serde_json::from_str(EMAIL_CONTEXT).unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(ours.accounts[0].opportunities[1].amount, Some(99.95));
        assert_eq!(ours.failed[0].error.retry_after_seconds, Some(2.5));
        // What it writes reads back the same.
        assert_eq!(
            read::<EmailContext>(&to_text(&ours).unwrap()).unwrap(),
            ours
        );
    }

    #[test]
    fn a_request_is_written_as_serde_json_writes_it() {
        let request = EmailContextRequest {
            message_id: "AAMk\\id/1".into(),
            internet_message_id: None,
            from: Some(closer_wire::MailAddress {
                name: Some("Ada \"the\" Countess\t\u{1}é💼".into()),
                address: "ada@example.com".into(),
            }),
            to: vec![],
            cc: vec![closer_wire::MailAddress {
                name: None,
                address: "b@example.com".into(),
            }],
        };
        assert_eq!(
            to_text(&request).unwrap(),
            serde_json::to_string(&request).unwrap()
        );
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    enum Shape {
        Unit,
        Newtype(u32),
        Tuple(i64, String),
        Struct { on: bool, at: Option<char> },
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Every {
        shapes: Vec<Shape>,
        by_name: BTreeMap<String, i8>,
        pair: (u8, String),
        newtype: Wrapper,
        nothing: (),
        bytes_as_list: Vec<u8>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Wrapper(String);

    #[test]
    fn every_serde_shape_is_written_and_read_as_serde_json_does() {
        let every = Every {
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(7),
                Shape::Tuple(-3, "t".into()),
                Shape::Struct {
                    on: true,
                    at: Some('\u{7f}'),
                },
                Shape::Struct {
                    on: false,
                    at: None,
                },
            ],
            by_name: [("a\u{1f}".to_string(), -1)].into(),
            pair: (255, String::new()),
            newtype: Wrapper("w".into()),
            nothing: (),
            bytes_as_list: vec![0, 1, 255],
        };
        let text = to_text(&every).unwrap();
        assert_eq!(text, serde_json::to_string(&every).unwrap());
        assert_eq!(read::<Every>(&text).unwrap(), every);
        // Keys are written as serde_json writes them; read back, they are text (the wire types
        // key their maps by text).
        let by_number: BTreeMap<u16, bool> = [(443, true)].into();
        assert_eq!(to_text(&by_number).unwrap(), r#"{"443":true}"#);
        assert_eq!(
            to_text(&[(true, 1)].into_iter().collect::<BTreeMap<_, _>>()),
            Ok(r#"{"true":1}"#.into())
        );
        assert!(read::<BTreeMap<String, bool>>(r#"{"443":true}"#).unwrap()["443"]);
    }

    /// A 409 of an inline edit: a flattened error beside an internally tagged record, both read
    /// through serde's buffering (`deserialize_any`), and written back as serde_json writes it.
    #[test]
    fn a_flattened_and_tagged_answer_reads_as_serde_json_reads_it() {
        let conflict = r#"{"code": "conflict", "message": "Changed in the CRM.",
            "correlation_id": "r-1", "current": {"kind": "opportunity", "opportunity": {
            "record": {"kind": "opportunity", "id": "o1", "name": "Fulfillment", "url": "u"},
            "stage": "Propose", "amount": 120000.5, "close_date": null, "version": "4"}}}"#;
        let ours: closer_wire::RecordConflict = read(conflict).unwrap();
        let theirs: closer_wire::RecordConflict = serde_json::from_str(conflict).unwrap();
        assert_eq!(ours, theirs);
        assert_eq!(
            to_text(&ours).unwrap(),
            serde_json::to_string(&theirs).unwrap()
        );
        let without_record = conflict.replace(
            r#""kind": "opportunity", "opportunity""#,
            r#""kind": "task", "task""#,
        );
        assert_eq!(
            read::<closer_wire::RecordConflict>(&without_record),
            Err(ShapeError)
        );
    }

    #[test]
    fn numbers_are_written_as_the_browser_writes_them() {
        assert_eq!(to_text(&120000.0f64).unwrap(), "120000");
        assert_eq!(to_text(&-0.5f64).unwrap(), "-0.5");
        assert_eq!(to_text(&f64::NAN).unwrap(), "null");
        assert_eq!(to_text(&u64::MAX).unwrap(), "18446744073709551615");
    }

    #[test]
    fn a_value_of_the_wrong_shape_is_refused() {
        assert_eq!(read::<u32>("1.5"), Err(ShapeError));
        assert_eq!(read::<u8>("256"), Err(ShapeError));
        assert_eq!(read::<u32>("-1"), Err(ShapeError));
        assert_eq!(read::<String>("1"), Err(ShapeError));
        assert_eq!(read::<Vec<u8>>("{}"), Err(ShapeError));
        assert_eq!(
            read::<Shape>(r#"{"Unit": null, "Newtype": 1}"#),
            Err(ShapeError)
        );
        assert_eq!(read::<Shape>(r#""Nope""#), Err(ShapeError));
        // A participant whose match state is unknown, and one missing its match.
        let answer = EMAIL_CONTEXT.replace(r#""state": "ambiguous""#, r#""state": "maybe""#);
        assert_eq!(read::<EmailContext>(&answer), Err(ShapeError));
        let answer = EMAIL_CONTEXT.replace(r#""internal_count": 2,"#, "");
        assert_eq!(read::<EmailContext>(&answer), Err(ShapeError));
        assert_eq!(read::<f64>("3").unwrap(), 3.0);
        assert_eq!(read::<i64>("-9007199254740991").unwrap(), -9007199254740991);
    }
}
