^XA
^CI28
^PW812
^LL406
^FX A serialized unit: GS1 DataMatrix (01) GTIN (21) serial.  Its data
^FX field takes no ^FH: _1 is FNC1 for ^BX (escape character _), and a
^FX serial is letters, digits and - . / (nothing to escape).
^FO40,30^A0N,36,36^FH^FD{{item}}^FS
^FO40,75^A0N,26,26^FH^FD{{description}}^FS
^FO40,125^A0N,56,56^FH^FDSN {{serial}}^FS
^FO40,200^A0N,26,26^FH^FD{{hri}}^FS
^FO40,240^A0N,26,26^FH^FDOrder {{wo}}   {{created}}^FS
^FO560,40^BXN,8,200,0,0,1,_^FD_1{{gs1}}^FS
^XZ
