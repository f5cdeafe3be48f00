package io.deepbootstrap.core.plugin;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.RecordComponentVisitor;
import org.objectweb.asm.Type;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.signature.SignatureVisitor;

/**
 * What one class file refers to, read with ASM without loading the class: its supertypes, and every class
 * named by its fields, methods (signatures, thrown types) and code (instantiations, casts, calls, field
 * accesses, constants, method handles, caught exceptions). Annotations are left out on purpose: a missing
 * annotation type does not stop a class from loading or running.
 *
 * @param name the class's binary name
 * @param superName its superclass's binary name, or null for {@code java.lang.Object}
 * @param interfaces the interfaces it implements directly
 * @param concrete true for a class that can be instantiated (neither interface nor abstract)
 * @param isPublic true if the class is public
 * @param references binary names of every class it refers to (its own name excluded), sorted
 */
record ClassReferences(String name, String superName, List<String> interfaces, boolean concrete, boolean isPublic,
                       Set<String> references) {

    /**
     * @param classFile the bytes of a class file
     * @return what it refers to
     * @throws IllegalArgumentException if the bytes are not a class file this ASM version can read (for
     *     instance one compiled for a newer Java)
     */
    static ClassReferences read(byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        Collector collector = new Collector();
        reader.accept(collector, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
        collector.references.remove(collector.name);
        return new ClassReferences(collector.name, collector.superName, collector.interfaces,
                (collector.access & (Opcodes.ACC_INTERFACE | Opcodes.ACC_ABSTRACT)) == 0,
                (collector.access & Opcodes.ACC_PUBLIC) != 0, collector.references);
    }

    /**
     * @param classFile a class file's bytes
     * @return its major version, e.g. 61 for Java 17
     */
    static int majorVersion(byte[] classFile) {
        return classFile.length < 8 ? -1 : ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    /** Collects the names; binary names with dots. */
    private static final class Collector extends ClassVisitor {
        private final Set<String> references = new TreeSet<>();
        private String name;
        private String superName;
        private List<String> interfaces = List.of();
        private int access;

        Collector() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            this.access = access;
            this.name = dotted(name);
            this.superName = superName == null ? null : dotted(superName);
            this.interfaces = interfaces == null ? List.of() : java.util.Arrays.stream(interfaces).map(Collector::dotted).toList();
            internalName(superName);
            if (interfaces != null) {
                for (String i : interfaces) {
                    internalName(i);
                }
            }
            signature(signature);
        }

        @Override
        public RecordComponentVisitor visitRecordComponent(String name, String descriptor, String signature) {
            descriptor(descriptor);
            signature(signature);
            return null;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            descriptor(descriptor);
            signature(signature);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            descriptor(descriptor);
            signature(signature);
            if (exceptions != null) {
                for (String e : exceptions) {
                    internalName(e);
                }
            }
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitTypeInsn(int opcode, String type) {
                    internalName(type);
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String fieldName, String fieldDescriptor) {
                    internalName(owner);
                    descriptor(fieldDescriptor);
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String methodName, String methodDescriptor, boolean itf) {
                    internalName(owner);
                    descriptor(methodDescriptor);
                }

                @Override
                public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap, Object... arguments) {
                    descriptor(indyDescriptor);
                    constant(bootstrap);
                    for (Object a : arguments) {
                        constant(a);
                    }
                }

                @Override
                public void visitLdcInsn(Object value) {
                    constant(value);
                }

                @Override
                public void visitMultiANewArrayInsn(String arrayDescriptor, int dimensions) {
                    descriptor(arrayDescriptor);
                }

                @Override
                public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                    internalName(type);
                }
            };
        }

        private void constant(Object value) {
            if (value instanceof Type t) {
                descriptor(t.getDescriptor());
            } else if (value instanceof Handle h) {
                internalName(h.getOwner());
                descriptor(h.getDesc());
            } else if (value instanceof ConstantDynamic c) {
                descriptor(c.getDescriptor());
                constant(c.getBootstrapMethod());
                for (int i = 0; i < c.getBootstrapMethodArgumentCount(); i++) {
                    constant(c.getBootstrapMethodArgument(i));
                }
            }
        }

        /** A class name or an array descriptor, as in type instructions and method owners. */
        private void internalName(String internal) {
            if (internal == null) {
                return;
            }
            if (internal.startsWith("[")) {
                descriptor(internal);
            } else {
                references.add(dotted(internal));
            }
        }

        private void descriptor(String descriptor) {
            if (descriptor == null || descriptor.isEmpty()) {
                return;
            }
            Type type = descriptor.startsWith("(") ? Type.getMethodType(descriptor) : Type.getType(descriptor);
            if (type.getSort() == Type.METHOD) {
                descriptor(type.getReturnType().getDescriptor());
                for (Type argument : type.getArgumentTypes()) {
                    descriptor(argument.getDescriptor());
                }
            } else if (type.getSort() == Type.ARRAY) {
                descriptor(type.getElementType().getDescriptor());
            } else if (type.getSort() == Type.OBJECT) {
                references.add(dotted(type.getInternalName()));
            }
        }

        private void signature(String signature) {
            if (signature == null) {
                return;
            }
            new SignatureReader(signature).accept(new SignatureVisitor(Opcodes.ASM9) {
                @Override
                public void visitClassType(String internal) {
                    internalName(internal);
                }

                @Override
                public void visitInnerClassType(String inner) {
                    // the outer class was visited; inner simple names are resolved through it
                }
            });
        }

        private static String dotted(String internal) {
            return internal.replace('/', '.');
        }
    }
}
